import { CreatePipelineCommand, GetPipelineExecutionCommand, type ActionDeclaration } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFiles } from '../git/git-kit.js';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { actionRuns, latestExecutionId } from './kit/executions.js';

function invokePipeline(name: string, configuration: Record<string, string>): ActionDeclaration {
  return { name, actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'CodePipeline', version: '1' }, configuration };
}

/**
 * The CodePipeline invoke action starts another pipeline through the API, with variables and pinned
 * source revisions, and succeeds once it has started: it does not wait for the other pipeline.
 */
describe('CodePipeline invoke actions', () => {
  let server: TestServer;
  let firstLibCommit: string;
  let appCommit: string;

  beforeAll(async () => {
    server = await startTestServer();
    const lib = await hostedRepository(server.dataDir, 'lib', { 'lib.txt': 'v1\n' });
    firstLibCommit = lib.commit;
    await commitFiles(lib.path, { 'lib.txt': 'v2\n' }, 'v2');
    ({ commit: appCommit } = await hostedRepository(server.dataDir, 'app', { 'app.txt': 'app\n' }));
    // The child waits at an approval nobody answers: it stays in progress for as long as the test runs.
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(
          'child',
          [
            { name: 'Source', actions: [codeCommitSource('lib')] },
            { name: 'Hold', actions: [{ name: 'Wait', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
          ],
          { pipelineType: 'V2', variables: [{ name: 'TARGET', defaultValue: 'staging' }] },
        ),
      }),
    );
  });

  afterAll(async () => {
    await server.close();
  });

  it('starts the other pipeline with variables and source revisions, and succeeds without waiting for it', async () => {
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(
          'parent',
          [
            { name: 'Source', actions: [codeCommitSource('app')] },
            {
              name: 'Trigger',
              actions: [
                invokePipeline('StartChild', {
                  PipelineName: 'child',
                  Variables: JSON.stringify([{ name: 'TARGET', value: 'prod-#{SourceVariables.CommitId}' }]),
                  SourceRevisions: JSON.stringify([{ actionName: 'Checkout', revisionType: 'COMMIT_ID', revisionValue: firstLibCommit }]),
                }),
              ],
            },
          ],
          { pipelineType: 'V2' },
        ),
      }),
    );
    const parentId = await latestExecutionId(server.client, 'parent');
    const parent = await waitForExecution(server.client, 'parent', parentId);
    expect(parent.status, parent.statusSummary).toBe('Succeeded');
    const started = (await actionRuns(server.client, 'parent', parentId)).get('StartChild');
    const childId = started?.output?.executionResult?.externalExecutionId;
    expect(started?.output?.executionResult?.externalExecutionSummary).toBe(`Started pipeline child: execution ${childId}`);

    const held = await waitForExecution(server.client, 'child', childId!, { statuses: ['InProgress'] });
    expect(held.trigger?.triggerType).toBe('StartPipelineExecution');
    expect(held.variables).toEqual([{ name: 'TARGET', resolvedValue: `prod-${appCommit}` }]);
    const { pipelineExecution } = await server.client.send(new GetPipelineExecutionCommand({ pipelineName: 'child', pipelineExecutionId: childId }));
    // The pinned revision, not the branch's head.
    await expect
      .poll(async () => (await server.client.send(new GetPipelineExecutionCommand({ pipelineName: 'child', pipelineExecutionId: childId }))).pipelineExecution?.artifactRevisions?.[0]?.revisionId, {
        timeout: 20_000,
      })
      .toBe(firstLibCommit);
    expect(pipelineExecution?.status).toBe('InProgress');
  });

  it('fails with ConfigurationError for a pipeline that does not exist or a configuration that is not JSON', async () => {
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(
          'misconfigured',
          [
            { name: 'Source', actions: [codeCommitSource('app')] },
            { name: 'Trigger', actions: [invokePipeline('Nowhere', { PipelineName: 'no-such-pipeline' }), invokePipeline('Garbled', { PipelineName: 'child', Variables: '[{"name": "TARGET"' })] },
          ],
          { pipelineType: 'V2' },
        ),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'misconfigured');
    const execution = await waitForExecution(server.client, 'misconfigured', executionId);
    expect(execution.status).toBe('Failed');
    const runs = await actionRuns(server.client, 'misconfigured', executionId);
    expect(runs.get('Nowhere')?.output?.executionResult?.errorDetails?.code).toBe('ConfigurationError');
    expect(runs.get('Nowhere')?.output?.executionResult?.errorDetails?.message).toContain('Pipeline no-such-pipeline could not be started: PipelineNotFoundException');
    expect(runs.get('Garbled')?.output?.executionResult?.errorDetails?.code).toBe('ConfigurationError');
    expect(runs.get('Garbled')?.output?.executionResult?.errorDetails?.message).toContain('Variables is not valid JSON');
  });
});
