import { CodePipelineClient, CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { actionRuns, latestExecutionId } from '../../actions/kit/executions.js';

/**
 * Work the server runs that calls it back (here a CodePipeline invoke action) signs with the service
 * credentials the server mints, so it still works when the server verifies every signature.
 */
describe('service credentials in iam mode', () => {
  let server: TestServer & { close(): Promise<void> };
  let client: CodePipelineClient;

  beforeAll(async () => {
    server = await startTestServer({
      configure: (config) => {
        config.auth = 'iam';
      },
    });
    client = new CodePipelineClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: server.rootCredentials! });
    await hostedRepository(server.dataDir, 'app', { 'app.txt': 'app\n' });
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('lets an invoke action start another pipeline as the service role', async () => {
    const hold = { name: 'Hold', actions: [{ name: 'Wait', actionTypeId: { category: 'Approval' as const, owner: 'AWS' as const, provider: 'Manual', version: '1' } }] };
    await client.send(new CreatePipelineCommand({ pipeline: declaration('child', [{ name: 'Source', actions: [codeCommitSource('app')] }, hold]) }));
    await client.send(
      new CreatePipelineCommand({
        pipeline: declaration('parent', [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'Trigger', actions: [{ name: 'StartChild', actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'CodePipeline', version: '1' }, configuration: { PipelineName: 'child' } }] },
        ]),
      }),
    );
    const parentId = await latestExecutionId(client, 'parent');
    const parent = await waitForExecution(client, 'parent', parentId);
    expect(parent.status, parent.statusSummary).toBe('Succeeded');
    const childId = (await actionRuns(client, 'parent', parentId)).get('StartChild')?.output?.executionResult?.externalExecutionId;
    const child = await waitForExecution(client, 'child', childId!, { statuses: ['InProgress'] });
    expect(child.trigger?.triggerDetail).toMatch(new RegExp(`^arn:aws:sts::${server.config.partition.accountId}:assumed-role/pipewright-service/ASIA`));
  });
});
