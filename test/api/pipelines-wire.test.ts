import {
  CreatePipelineCommand,
  InvalidActionDeclarationException,
  InvalidBlockerDeclarationException,
  InvalidStageDeclarationException,
  InvalidStructureException,
  UpdatePipelineCommand,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceAndBuild, v2SourceAndBuild } from '../kit/declarations.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { callWire } from '../kit/wire-shape.js';

describe('pipeline definitions on the wire', () => {
  let server: TestServer;
  const call = (operation: string, body: unknown) => callWire(server.url, operation, body);

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers every definition operation in the shapes of the model', async () => {
    const created = await call('CreatePipeline', { pipeline: sourceAndBuild('wire'), tags: [{ key: 'a', value: 'b' }] });
    expect(created.status).toBe(200);
    expect(created.json.tags).toEqual([{ key: 'a', value: 'b' }]);
    const got = await call('GetPipeline', { name: 'wire' });
    expect(Object.keys(got.json.metadata as object).sort()).toEqual(['created', 'pipelineArn', 'updated']);
    const updated = await call('UpdatePipeline', { pipeline: got.json.pipeline });
    expect((updated.json.pipeline as PipelineDeclaration).version).toBe(2);
    expect((await call('GetPipeline', { name: 'wire', version: 1 })).status).toBe(200);
    await call('CreatePipeline', { pipeline: sourceAndBuild('wire-2') });
    const listed = await call('ListPipelines', { maxResults: 1 });
    expect(listed.json.nextToken).toEqual(expect.any(String));
    expect((await call('DeletePipeline', { name: 'wire' })).json).toEqual({});
  });

  it('returns the declaration as AWS stores it: type, mode, runOrder and artifact lists filled in', async () => {
    const created = await call('CreatePipeline', { pipeline: sourceAndBuild('filled') });
    const pipeline = created.json.pipeline as PipelineDeclaration;
    expect(pipeline).toMatchObject({ version: 1, pipelineType: 'V1', executionMode: 'SUPERSEDED' });
    expect(pipeline.stages![0]!.actions![0]).toMatchObject({ runOrder: 1, inputArtifacts: [], outputArtifacts: [{ name: 'SourceOutput' }] });
    expect(pipeline.stages![1]!.actions![0]).toMatchObject({ runOrder: 1, inputArtifacts: [{ name: 'SourceOutput' }], outputArtifacts: [{ name: 'BuildOutput' }] });
    const summary = ((await call('ListPipelines', {})).json.pipelines as { name: string; pipelineType: string; executionMode: string }[]).find((item) => item.name === 'filled');
    expect(summary).toMatchObject({ pipelineType: 'V1', executionMode: 'SUPERSEDED' });
  });

  it('makes a pipeline with V2 constructs V2, and keeps it V2 when an update leaves pipelineType out', async () => {
    const created = await call('CreatePipeline', { pipeline: v2SourceAndBuild('v2') });
    expect(created.json.pipeline).toMatchObject({ pipelineType: 'V2', executionMode: 'QUEUED' });
    const plain = { ...sourceAndBuild('v2') };
    const updated = await server.client.send(new UpdatePipelineCommand({ pipeline: plain }));
    expect(updated.pipeline).toMatchObject({ version: 2, pipelineType: 'V2', executionMode: 'SUPERSEDED' });
    const downgraded = await server.client.send(new UpdatePipelineCommand({ pipeline: { ...plain, pipelineType: 'V1' } }));
    expect(downgraded.pipeline?.pipelineType).toBe('V1');
    const refused = await call('UpdatePipeline', { pipeline: { ...v2SourceAndBuild('v2'), pipelineType: 'V1' } });
    expect(refused.json).toEqual({
      __type: 'InvalidStructureException',
      message: 'Pipeline v2 is of type V1, but execution mode QUEUED can only be used with V2 pipelines; declare pipelineType V2.',
    });
  });

  it('refuses invalid declarations with the exception AWS names, as SDK exception classes', async () => {
    const base = sourceAndBuild('refused');
    const [source, build] = base.stages!;
    await expect(server.client.send(new CreatePipelineCommand({ pipeline: { ...base, stages: [source!] } }))).rejects.toBeInstanceOf(InvalidStructureException);
    await expect(server.client.send(new CreatePipelineCommand({ pipeline: { ...base, stages: [source!, { ...build!, actions: [build!.actions![0]!, build!.actions![0]!] }] } }))).rejects.toBeInstanceOf(
      InvalidStageDeclarationException,
    );
    await expect(
      server.client.send(new CreatePipelineCommand({ pipeline: { ...base, stages: [source!, { ...build!, actions: [{ ...build!.actions![0]!, inputArtifacts: [{ name: 'Nope' }] }] }] } })),
    ).rejects.toBeInstanceOf(InvalidActionDeclarationException);
    await expect(server.client.send(new CreatePipelineCommand({ pipeline: { ...base, stages: [source!, { ...build!, blockers: [{ name: 'b', type: 'Schedule' }] }] } }))).rejects.toBeInstanceOf(
      InvalidBlockerDeclarationException,
    );
    // Nothing was stored by any of them.
    expect((await call('GetPipeline', { name: 'refused' })).json.__type).toBe('PipelineNotFoundException');
  });

  it('names the stage, action and field at fault in the message', async () => {
    const base = sourceAndBuild('message');
    const build = base.stages![1]!;
    const result = await call('CreatePipeline', {
      pipeline: { ...base, stages: [base.stages![0]!, { ...build, actions: [{ ...build.actions![0]!, configuration: { ProjectName: 'p', Image: 'node:20' } }] }] },
    });
    expect(result.json).toEqual({
      __type: 'InvalidActionDeclarationException',
      message:
        "Action configuration for action 'Compile' in stage 'Build' contains unknown configuration 'Image'; the action type accepts only ProjectName, PrimarySource, BatchEnabled, CombineArtifacts, EnvironmentVariables.",
    });
  });

  it('answers UpdatePipeline for a pipeline that does not exist with PipelineNotFoundException', async () => {
    expect((await call('UpdatePipeline', { pipeline: sourceAndBuild('ghost') })).json.__type).toBe('PipelineNotFoundException');
  });
});
