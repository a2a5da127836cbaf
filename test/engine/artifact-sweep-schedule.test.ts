import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand, ListPipelineExecutionsCommand, PipelineExecutionOutdatedException, RollbackStageCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, describe, expect, it } from 'vitest';
import { commitFiles, eventually } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/**
 * The retention policy applies by itself: a server sweeps old artifacts every interval (hourly by
 * default) without anyone asking (README, PIPEWRIGHT_ARTIFACT_RETENTION_DAYS). It used to sweep only when
 * called, so old artifacts were never removed. A first server runs two executions and stops; a second on
 * the same data directory, where every artifact is old (retention 0) and the interval short, removes the
 * first execution's artifacts by itself: a rollback to it is then outdated, as artifact-retention.test.ts
 * shows for a sweep run by hand.
 */
describe('the artifact sweep on its schedule', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-sweep-'));
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const storedArtifacts = (): number => readdirSync(join(dataDir, 'artifacts', 'refs')).length;

  it('removes what nothing needs without being asked', async () => {
    const first = await startTestServer({ dataDir });
    servers.push(first);
    const { path } = await hostedRepository(dataDir, 'swept', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo built\n' });
    await first.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('swept', [{ name: 'Source', actions: [codeCommitSource('swept')] }, { name: 'Build', actions: [codeBuild('Compile')] }], { pipelineType: 'V2' }),
      }),
    );
    const firstRun = (await first.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'swept' }))).pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    expect((await waitForExecution(first.client, 'swept', firstRun)).status).toBe('Succeeded');
    await commitFiles(path, { 'CHANGES.md': 'second\n' }, 'second');
    const secondRun = (await first.client.send(new StartPipelineExecutionCommand({ name: 'swept' }))).pipelineExecutionId!;
    expect((await waitForExecution(first.client, 'swept', secondRun)).status).toBe('Succeeded');
    await first.close();
    servers.pop();

    const before = storedArtifacts();
    const second = await startTestServer({
      dataDir,
      configure: (config) => {
        config.artifactRetentionMs = 0;
        config.artifactSweepIntervalMs = 200;
      },
    });
    servers.push(second);
    // Nobody calls sweepArtifacts(): the server's own schedule removes what nothing needs.
    await eventually(() => storedArtifacts() < before, 'the scheduled sweep to remove the first execution’s artifacts', 20_000);
    // The first is neither the latest of a stage nor the last success: a rollback to it is outdated.
    await expect(second.client.send(new RollbackStageCommand({ pipelineName: 'swept', stageName: 'Build', targetPipelineExecutionId: firstRun }))).rejects.toBeInstanceOf(
      PipelineExecutionOutdatedException,
    );
  });
});
