import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand, ListPipelineExecutionsCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../kit/server-process.js';

/**
 * Durability: a server killed with SIGKILL in the middle of many executions, started again on the same
 * data, ends every execution (resumed, or failed with a clear system error), loses none, and applies no
 * action's effect twice. SIGTERM drains: running actions finish within the grace period.
 */
/**
 * These builds leave orphans a killed server cannot stop and signal the test through host files: the
 * recovery of recorded process groups at the next start is what is tested, so they run unsandboxed (in
 * the sandbox they end with the server: test/actions/build-sandbox-crash.test.ts).
 */
const unsandboxed = { PIPEWRIGHT_BUILD_SANDBOX: 'off' };

describe('crash recovery', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  function dataDirectory(): string {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  function track(server: ServerProcess): ServerProcess {
    cleanups.push(() => {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    });
    return server;
  }

  it('survives SIGKILL in the middle of many executions', async () => {
    const dataDir = dataDirectory();
    const marks = join(dataDir, 'marks');
    const release = join(dataDir, 'release');
    const deployed = join(dataDir, 'deployed.log');
    await hostedRepository(dataDir, 'app', {
      'buildspec.yml': [
        'version: 0.2',
        'phases:',
        '  build:',
        '    commands:',
        `      - mkdir -p ${marks} && echo $$ > ${marks}/$CODEBUILD_BUILD_NUMBER`,
        `      - while [ ! -f ${release} ]; do sleep 0.05; done`,
        '',
      ].join('\n'),
    });
    const first = track(await startServerProcess(dataDir, { PIPEWRIGHT_WORKER_CONCURRENCY: '4', ...unsandboxed }));
    await first.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(
          'crashy',
          [
            { name: 'Source', actions: [codeCommitSource('app')] },
            { name: 'Build', actions: [codeBuild('Compile')] },
            {
              name: 'Deploy',
              actions: [
                {
                  name: 'Record',
                  actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
                  inputArtifacts: [{ name: 'Src' }],
                  commands: [`echo "#{codepipeline.PipelineExecutionId}" >> ${deployed}`],
                },
              ],
            },
          ],
          { pipelineType: 'V2', executionMode: 'PARALLEL' },
        ),
      }),
    );
    for (let i = 0; i < 5; i += 1) await first.client.send(new StartPipelineExecutionCommand({ name: 'crashy' }));
    await eventually(() => existsSync(marks) && readdirSync(marks).length >= 3, 'builds to be running', 30_000);
    const orphanPids = readdirSync(marks).map((name) => Number(readFileSync(join(marks, name), 'utf8')));

    first.child.kill('SIGKILL');
    await first.exited;
    expect(orphanPids.some(isAlive)).toBe(true);

    const second = track(await startServerProcess(dataDir, { PIPEWRIGHT_WORKER_CONCURRENCY: '4', ...unsandboxed }));
    // The builds the killed server left running are killed, not left as orphans.
    for (const pid of orphanPids) expect(isAlive(pid), `build process ${pid}`).toBe(false);
    writeFileSync(release, '');

    const { pipelineExecutionSummaries } = await second.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'crashy' }));
    expect(pipelineExecutionSummaries).toHaveLength(6);
    const ended = [];
    for (const summary of pipelineExecutionSummaries!) {
      ended.push(await waitForExecution(second.client, 'crashy', summary.pipelineExecutionId!, { timeoutMs: 60_000 }));
    }
    for (const execution of ended) {
      expect(['Succeeded', 'Failed']).toContain(execution.status);
      if (execution.status === 'Failed') expect(execution.statusSummary).toMatch(/stopped before reporting a result/);
    }
    expect(ended.filter((execution) => execution.status === 'Failed').length).toBeGreaterThanOrEqual(1);
    // No effect applied twice: each execution that succeeded deployed exactly once, failed ones never.
    const deploys = existsSync(deployed) ? readFileSync(deployed, 'utf8').trim().split('\n') : [];
    const succeeded = ended.filter((execution) => execution.status === 'Succeeded').map((execution) => execution.pipelineExecutionId);
    expect([...deploys].sort()).toEqual([...succeeded].sort());

    expect((await stopServerProcess(second)).code).toBe(0);
  });

  it('drains on SIGTERM: a running build finishes and is recorded, the rest continues after a restart', async () => {
    const dataDir = dataDirectory();
    const started = join(dataDir, 'started');
    const release = join(dataDir, 'release');
    await hostedRepository(dataDir, 'app', {
      'buildspec.yml': ['version: 0.2', 'phases:', '  build:', '    commands:', `      - touch ${started}`, `      - while [ ! -f ${release} ]; do sleep 0.05; done`, ''].join('\n'),
    });
    const first = track(await startServerProcess(dataDir, unsandboxed));
    await first.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('drain', [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'Build', actions: [codeBuild('Compile')] },
          { name: 'Again', actions: [codeBuild('Again')] },
        ]),
      }),
    );
    const { pipelineExecutionSummaries } = await first.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'drain' }));
    const id = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    await eventually(() => existsSync(started), 'the build to start', 30_000);
    first.child.kill('SIGTERM');
    // Still draining: the build is waiting for the release; the server has not exited.
    await eventually(() => first.logs.some((record) => record.msg === 'shutting down'), 'the shutdown to begin', 10_000);
    expect(first.child.exitCode).toBeNull();
    rmSync(started);
    writeFileSync(release, '');
    expect((await first.exited).code).toBe(0);

    const second = track(await startServerProcess(dataDir, unsandboxed));
    const execution = await waitForExecution(second.client, 'drain', id, { timeoutMs: 60_000 });
    expect(execution.status).toBe('Succeeded');
    expect((await stopServerProcess(second)).code).toBe(0);
  });
});

/** Whether the process still runs: a zombie (dead, waiting to be reaped by init) does not. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
