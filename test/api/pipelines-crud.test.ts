import {
  CreatePipelineCommand,
  DeletePipelineCommand,
  GetPipelineCommand,
  ListPipelinesCommand,
  PipelineNameInUseException,
  PipelineNotFoundException,
  PipelineVersionNotFoundException,
  UpdatePipelineCommand,
  InvalidNextTokenException,
} from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceAndBuild } from '../kit/declarations.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

describe('pipeline definitions over the AWS SDK', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates a pipeline at version 1 with AWS defaults filled in', async () => {
    const created = await server.client.send(new CreatePipelineCommand({ pipeline: sourceAndBuild('crud-create') }));
    expect(created.pipeline?.version).toBe(1);
    expect(created.pipeline?.pipelineType).toBe('V1');
    expect(created.pipeline?.executionMode).toBe('SUPERSEDED');

    const fetched = await server.client.send(new GetPipelineCommand({ name: 'crud-create' }));
    expect(fetched.pipeline?.stages?.map((stage) => stage.name)).toEqual(['Source', 'Build']);
    expect(fetched.metadata?.pipelineArn).toBe('arn:aws:codepipeline:us-east-1:123456789012:crud-create');
    expect(fetched.metadata?.created).toBeInstanceOf(Date);
    expect(Math.abs(fetched.metadata!.created!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('refuses a second pipeline with the same name', async () => {
    await server.client.send(new CreatePipelineCommand({ pipeline: sourceAndBuild('crud-dup') }));
    await expect(server.client.send(new CreatePipelineCommand({ pipeline: sourceAndBuild('crud-dup') }))).rejects.toBeInstanceOf(
      PipelineNameInUseException,
    );
  });

  it('keeps every version: UpdatePipeline adds one, GetPipeline reads any', async () => {
    const declaration = sourceAndBuild('crud-versions');
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration }));
    const renamedStage = { ...declaration, stages: [declaration.stages![0]!, { ...declaration.stages![1]!, name: 'Compile' }] };
    const updated = await server.client.send(new UpdatePipelineCommand({ pipeline: renamedStage }));
    expect(updated.pipeline?.version).toBe(2);

    const latest = await server.client.send(new GetPipelineCommand({ name: 'crud-versions' }));
    expect(latest.pipeline?.version).toBe(2);
    expect(latest.pipeline?.stages?.[1]?.name).toBe('Compile');
    const first = await server.client.send(new GetPipelineCommand({ name: 'crud-versions', version: 1 }));
    expect(first.pipeline?.version).toBe(1);
    expect(first.pipeline?.stages?.[1]?.name).toBe('Build');
    await expect(server.client.send(new GetPipelineCommand({ name: 'crud-versions', version: 3 }))).rejects.toBeInstanceOf(
      PipelineVersionNotFoundException,
    );
  });

  it('deletes a pipeline, and deleting a missing one succeeds as on AWS', async () => {
    await server.client.send(new CreatePipelineCommand({ pipeline: sourceAndBuild('crud-delete') }));
    await server.client.send(new DeletePipelineCommand({ name: 'crud-delete' }));
    await expect(server.client.send(new GetPipelineCommand({ name: 'crud-delete' }))).rejects.toBeInstanceOf(PipelineNotFoundException);
    await expect(server.client.send(new DeletePipelineCommand({ name: 'crud-delete' }))).resolves.toBeDefined();
  });

  it('lists pipelines page by page with nextToken', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) {
      await server.client.send(new CreatePipelineCommand({ pipeline: sourceAndBuild(name) }));
    }
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await server.client.send(new ListPipelinesCommand({ maxResults: 2, nextToken }));
      expect(page.pipelines!.length).toBeLessThanOrEqual(2);
      names.push(...page.pipelines!.map((pipeline) => pipeline.name!));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    expect(names.filter((name) => name.startsWith('page-'))).toEqual(['page-a', 'page-b', 'page-c']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses a nextToken it did not issue', async () => {
    await expect(server.client.send(new ListPipelinesCommand({ nextToken: 'not-a-token' }))).rejects.toBeInstanceOf(InvalidNextTokenException);
  });
});
