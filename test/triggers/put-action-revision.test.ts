import { CreatePipelineCommand, ListActionExecutionsCommand, PutActionRevisionCommand, StageNotFoundException, ActionNotFoundException, ValidationException } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFiles, removeDir } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { callWire } from '../kit/wire-shape.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { pollEvery, waitForExecutions } from './kit/executions.js';

const buildspec = ['version: 0.2', 'env:', '  exported-variables: [CONTENT]', 'phases:', '  build:', '    commands:', '      - export CONTENT=$(cat app.txt)', ''].join('\n');

describe('PutActionRevision', () => {
  let server: TestServer;
  let older: string;
  let newer: string;
  beforeAll(async () => {
    server = await startTestServer({ env: pollEvery(3600) });
    const { path } = await hostedRepository(server.dataDir, 'revised', { 'buildspec.yml': buildspec, 'app.txt': 'older' });
    older = await commitFiles(path, { 'app.txt': 'older, again' }, 'older');
    newer = await commitFiles(path, { 'app.txt': 'newer' }, 'newer');
    await server.client.send(
      new CreatePipelineCommand({ pipeline: declaration('revised', [{ name: 'Source', actions: [codeCommitSource('revised')] }, { name: 'Build', actions: [codeBuild('Check')] }]) }),
    );
    const [first] = await waitForExecutions(server.client, 'revised', (executions) => (executions.length > 0 ? executions : undefined), 'the first execution');
    const done = await waitForExecution(server.client, 'revised', first!.pipelineExecutionId!);
    expect(done.artifactRevisions?.[0]?.revisionId).toBe(newer);
  });
  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  const revision = (revisionId: string) => ({ revisionId, revisionChangeId: 'change-1', created: new Date() });

  it('starts an execution pinned to a new revision, and answers with the same one when the revision is not new', async () => {
    const put = await callWire(server.url, 'PutActionRevision', {
      pipelineName: 'revised',
      stageName: 'Source',
      actionName: 'Checkout',
      actionRevision: { revisionId: older, revisionChangeId: 'change-1', created: Date.now() / 1000 },
    });
    expect(put.json.newRevision).toBe(true);
    const id = put.json.pipelineExecutionId as string;
    const done = await waitForExecution(server.client, 'revised', id);
    expect(done.trigger?.triggerType).toBe('PutActionRevision');
    expect(done.trigger?.triggerDetail).toMatch(/^arn:aws:iam::123456789012:/);
    expect(done.artifactRevisions?.[0]?.revisionId).toBe(older);
    const { actionExecutionDetails } = await server.client.send(new ListActionExecutionsCommand({ pipelineName: 'revised', filter: { pipelineExecutionId: id } }));
    expect(actionExecutionDetails?.find((detail) => detail.actionName === 'Check')?.output?.outputVariables?.CONTENT).toBe('older, again');

    const again = await server.client.send(new PutActionRevisionCommand({ pipelineName: 'revised', stageName: 'Source', actionName: 'Checkout', actionRevision: revision(older) }));
    expect(again).toMatchObject({ newRevision: false, pipelineExecutionId: id });
    // The revision the first execution built (by CreatePipeline) is not new either.
    const built = await server.client.send(new PutActionRevisionCommand({ pipelineName: 'revised', stageName: 'Source', actionName: 'Checkout', actionRevision: revision(newer) }));
    expect(built.newRevision).toBe(false);
  });

  it('refuses unknown stages and actions, and actions that are not sources', async () => {
    const send = (stageName: string, actionName: string) =>
      server.client.send(new PutActionRevisionCommand({ pipelineName: 'revised', stageName, actionName, actionRevision: revision(newer) }));
    await expect(send('Nope', 'Checkout')).rejects.toBeInstanceOf(StageNotFoundException);
    await expect(send('Source', 'Nope')).rejects.toBeInstanceOf(ActionNotFoundException);
    await expect(send('Build', 'Check')).rejects.toBeInstanceOf(ValidationException);
  });
});
