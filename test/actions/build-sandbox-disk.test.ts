import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { CreatePipelineCommand, ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { hostProcessesWith, uniqueSleep } from '../providers/shared/sandbox/host-processes.js';
import { actionLog, actionRuns, latestExecutionId } from './kit/executions.js';
import { eventually } from './kit/wait.js';

/**
 * A build filling the disk (issue 17, bad input): each file stays under the file size limit, so only
 * the free space tells. The server keeps PIPEWRIGHT_BUILD_MIN_FREE_DISK_MB free; here that is set 100
 * MiB under what the test's disk has free, and the build writes 200 MiB, then waits: the server stops
 * it, says why in its log, and keeps serving.
 */
describe('a build filling the disk', () => {
  let server: TestServer;
  beforeAll(async () => {
    const stats = statfsSync(tmpdir());
    const freeMb = Math.floor((stats.bavail * stats.bsize) / (1024 * 1024));
    server = await startTestServer({ env: { PIPEWRIGHT_BUILD_MIN_FREE_DISK_MB: String(freeMb - 100) } });
    await hostedRepository(server.dataDir, 'app', { 'app.txt': 'the app\n' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('is stopped before the disk fills, with the reason in its log', async () => {
    const waiting = uniqueSleep();
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(
          'disk-probe',
          [
            { name: 'Source', actions: [codeCommitSource('app')] },
            {
              name: 'Fill',
              actions: [
                {
                  name: 'Fill',
                  actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
                  inputArtifacts: [{ name: 'Src' }],
                  commands: ['for i in $(seq 50); do head -c 4194304 /dev/zero > fill-$i.bin; done; echo written', `sleep ${waiting}`],
                },
              ],
            },
          ],
          { pipelineType: 'V2' },
        ),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'disk-probe');
    const execution = await waitForExecution(server.client, 'disk-probe', executionId, { timeoutMs: 60_000 });
    const runs = await actionRuns(server.client, 'disk-probe', executionId);
    const text = (await actionLog(server.dataDir, runs.get('Fill')!.actionExecutionId!)).join('\n');
    expect(execution.status, text).toBe('Failed');
    expect(text).toMatch(
      /system \[Pipewright sandbox\] the disk holding the build's workspace has \d+ MiB free, under the \d+ MiB the server keeps free \(PIPEWRIGHT_BUILD_MIN_FREE_DISK_MB\): the build is stopped before it fills the disk/,
    );
    expect(text).toMatch(/system Build FAILED: Build stopped in phase BUILD: the disk holding/);
    await eventually(() => (hostProcessesWith(waiting).length === 0 ? true : undefined), 'the build’s processes to end');
    expect((await server.client.send(new ListPipelinesCommand({}))).pipelines?.map((pipeline) => pipeline.name)).toContain('disk-probe');
  });
});
