import { CreateCustomActionTypeCommand, GetPipelineCommand, UpdatePipelineCommand, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { callWire } from '../kit/wire-shape.js';

/** A pipeline whose build runs on a custom action type with a secret ApiToken. */
function deployWithSecret(name: string, token: string, stageName = 'Build'): PipelineDeclaration {
  return {
    name,
    roleArn: 'arn:aws:iam::123456789012:role/pipewright-test',
    artifactStore: { type: 'S3', location: 'pipewright-artifacts' },
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Checkout',
            actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
            configuration: { RepositoryName: 'app', BranchName: 'main' },
            outputArtifacts: [{ name: 'Src' }],
          },
        ],
      },
      {
        name: stageName,
        actions: [
          {
            name: 'Remote',
            actionTypeId: { category: 'Build', owner: 'Custom', provider: 'SecretCI', version: '1' },
            configuration: { Job: 'app', ApiToken: token },
            inputArtifacts: [{ name: 'Src' }],
          },
        ],
      },
    ],
  };
}

describe('secret configuration properties', () => {
  let server: TestServer;
  const storedToken = async (name: string): Promise<string | undefined> =>
    (await server.store.getPipeline(name))?.declaration.stages.find((stage) => stage.actions.some((action) => action.name === 'Remote'))?.actions[0]?.configuration?.ApiToken;

  beforeAll(async () => {
    server = await startTestServer();
    await server.client.send(
      new CreateCustomActionTypeCommand({
        category: 'Build',
        provider: 'SecretCI',
        version: '1',
        configurationProperties: [
          { name: 'Job', required: true, key: true, secret: false },
          { name: 'ApiToken', required: true, key: false, secret: true },
        ],
        inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
        outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
      }),
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('masks them as **** in what CreatePipeline, GetPipeline and UpdatePipeline return, and stores the value', async () => {
    const created = await callWire(server.url, 'CreatePipeline', { pipeline: deployWithSecret('secret', 'tok-1') });
    const remote = (created.json.pipeline as PipelineDeclaration).stages![1]!.actions![0]!;
    expect(remote.configuration).toEqual({ Job: 'app', ApiToken: '****' });
    const fetched = await server.client.send(new GetPipelineCommand({ name: 'secret' }));
    expect(fetched.pipeline?.stages?.[1]?.actions?.[0]?.configuration).toEqual({ Job: 'app', ApiToken: '****' });
    expect(await storedToken('secret')).toBe('tok-1');
  });

  it('keeps the stored value when UpdatePipeline sends the mask back, and takes a new value when it sends one', async () => {
    const fetched = await server.client.send(new GetPipelineCommand({ name: 'secret' }));
    const updated = await server.client.send(new UpdatePipelineCommand({ pipeline: { ...fetched.pipeline!, stages: fetched.pipeline!.stages! } }));
    expect(updated.pipeline?.version).toBe(2);
    expect(updated.pipeline?.stages?.[1]?.actions?.[0]?.configuration?.ApiToken).toBe('****');
    expect(await storedToken('secret')).toBe('tok-1');

    await server.client.send(new UpdatePipelineCommand({ pipeline: { ...deployWithSecret('secret', 'tok-2'), version: 2 } }));
    expect(await storedToken('secret')).toBe('tok-2');
  });

  it('cannot carry a mask over to an action it does not match by stage and action name', async () => {
    // The stage is renamed: there is no stored value to keep, and AWS refuses the mask on a new action
    // ("… contains an invalid configuration for the secret property … "****" may be used in secret
    // properties only when updating an existing action.", quoted in alantech/iasql#1594).
    const refused = await callWire(server.url, 'UpdatePipeline', { pipeline: deployWithSecret('secret', '****', 'Compile') });
    expect(refused.json.__type).toBe('InvalidActionDeclarationException');
    expect(refused.json.message).toMatch(/new action 'Remote' in stage 'Compile' contains an invalid configuration for the secret property "ApiToken"/);
    expect(await storedToken('secret')).not.toBe('****');
  });

  it('stays masked after the custom action type is deleted', async () => {
    await server.client.send(new UpdatePipelineCommand({ pipeline: deployWithSecret('secret', 'tok-3') }));
    await callWire(server.url, 'DeleteCustomActionType', { category: 'Build', provider: 'SecretCI', version: '1' });
    const fetched = await callWire(server.url, 'GetPipeline', { name: 'secret' });
    expect((fetched.json.pipeline as PipelineDeclaration).stages![1]!.actions![0]!.configuration).toEqual({ Job: 'app', ApiToken: '****' });
    const refused = await callWire(server.url, 'UpdatePipeline', { pipeline: fetched.json.pipeline });
    expect(refused.json.__type).toBe('InvalidActionDeclarationException');
    expect(refused.json.message).toMatch(/ActionType \(Category: 'Build', Provider: 'SecretCI', Owner: 'Custom', Version: '1'\) in action 'Remote' in stage 'Build' is not available/);
  });
});
