import {
  CreatePipelineCommand,
  ListPipelineExecutionsCommand,
  PipelineExecutionOutdatedException,
  RetryStageExecutionCommand,
  RollbackStageCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFiles } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/**
 * Retention: with a retention period of zero every artifact is old, so a sweep removes all that no
 * execution may still need, and keeps those of the latest execution of each stage (it may be retried)
 * and the last that succeeded in each (a rollback target). Seen through the API: a swept rollback
 * target is outdated, a kept one rolls back, a kept failed execution retries.
 */
describe('artifact retention', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Its build fails or not by a host file the test creates: outside the sandbox, on purpose.
    server = await startTestServer({ env: { PIPEWRIGHT_BUILD_SANDBOX: 'off' }, configure: (config) => (config.artifactRetentionMs = 0) });
  });
  afterAll(async () => {
    await server.close();
  });

  it('removes what nothing needs and keeps what a retry or a rollback may need', async () => {
    const fail = join(server.dataDir, 'fail');
    const { path } = await hostedRepository(server.dataDir, 'kept', { 'buildspec.yml': `version: 0.2\nphases:\n  build:\n    commands:\n      - test ! -f ${fail}\n` });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('kept', [{ name: 'Source', actions: [codeCommitSource('kept')] }, { name: 'Build', actions: [codeBuild('Compile')] }], { pipelineType: 'V2' }),
      }),
    );
    const first = (await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'kept' }))).pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    expect((await waitForExecution(server.client, 'kept', first)).status).toBe('Succeeded');
    // Artifacts are content-addressed: each execution builds a different commit, so they differ.
    await commitFiles(path, { 'CHANGES.md': 'second\n' }, 'second');
    const second = (await server.client.send(new StartPipelineExecutionCommand({ name: 'kept' }))).pipelineExecutionId!;
    expect((await waitForExecution(server.client, 'kept', second)).status).toBe('Succeeded');
    writeFileSync(fail, '');
    await commitFiles(path, { 'CHANGES.md': 'third\n' }, 'third');
    const third = (await server.client.send(new StartPipelineExecutionCommand({ name: 'kept' }))).pipelineExecutionId!;
    expect((await waitForExecution(server.client, 'kept', third)).status).toBe('Failed');

    expect((await server.sweepArtifacts()).removedArtifacts).toBeGreaterThanOrEqual(1);

    // The first is neither the latest of a stage nor the last success: its artifacts are gone.
    await expect(server.client.send(new RollbackStageCommand({ pipelineName: 'kept', stageName: 'Build', targetPipelineExecutionId: first }))).rejects.toBeInstanceOf(
      PipelineExecutionOutdatedException,
    );
    // The third failed last in Build: it can still be retried, with its source artifact.
    rmSync(fail);
    await server.client.send(new RetryStageExecutionCommand({ pipelineName: 'kept', stageName: 'Build', pipelineExecutionId: third, retryMode: 'FAILED_ACTIONS' }));
    expect((await waitForExecution(server.client, 'kept', third)).status).toBe('Succeeded');
    // The second was the last success when the sweep ran: it is still a rollback target.
    const rollback = await server.client.send(new RollbackStageCommand({ pipelineName: 'kept', stageName: 'Build', targetPipelineExecutionId: second }));
    expect((await waitForExecution(server.client, 'kept', rollback.pipelineExecutionId!)).status).toBe('Succeeded');
  });
});
