import { chmodSync, realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreatePipelineCommand, type ActionDeclaration } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentSandbox } from '../../src/providers/shared/sandbox/current-sandbox.js';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { hostProcessesWith, uniqueSleep } from '../providers/shared/sandbox/host-processes.js';
import { actionLog, actionRuns, latestExecutionId } from './kit/executions.js';
import { eventually } from './kit/wait.js';

/**
 * Two builds running side by side, one probing the other (issue 17: "no other build's files"; a uid of
 * its own per build when the server runs as root). The target holds 30 processes and secrets in its
 * workspace and /tmp; the prober is told the target's host pid and workspace through a FIFO the test
 * writes (a gate: the build blocks on it, nothing sleeps), tries to signal and read them, and starts 20
 * processes under the same process limit of 40, which a uid shared with the target would refuse.
 */
const range = { first: 2_000_000_000, last: 2_000_000_999 };

describe.runIf(currentSandbox().status.kind === 'bwrap' && process.getuid?.() === 0)('concurrent builds in the sandbox', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Open to other users, as a server makes it: bwrap starts as each build's own uid.
    server = await startTestServer({ env: { PIPEWRIGHT_BUILD_UIDS: `${range.first}-${range.last}` }, prepare: (dir) => chmodSync(dir, 0o755) });
    await hostedRepository(server.dataDir, 'app', { 'app.txt': 'the app\n' });
  });
  afterAll(async () => {
    await server.close();
  });

  const limits = [{ name: 'PIPEWRIGHT_BUILD_PROCESSES', value: '40' }];
  function commands(name: string, lines: string[]): ActionDeclaration {
    return {
      name,
      actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
      inputArtifacts: [{ name: 'Src' }],
      environmentVariables: limits,
      commands: lines,
    };
  }

  it('gives each its own uid, so neither can signal or read the other, and one’s processes do not count against the other’s limit', async () => {
    const held = uniqueSleep();
    const waiting = uniqueSleep();
    const probe = (what: string, attempt: string): string => `if ${attempt} >/dev/null 2>&1; then echo "BREACH ${what}"; else echo "REFUSED ${what}"; fi`;
    const target = commands('Target', [
      'echo target-secret > secret.txt && echo tmp-secret > /tmp/secret.txt && mkfifo gate',
      'echo "UID $(id -u)"',
      `for i in $(seq 30); do sleep ${held} & done; read go < gate; echo "TARGET HELD $(jobs -p | wc -l)"`,
    ]);
    const prober = commands('Prober', [
      'mkfifo gate && echo "UID $(id -u)"',
      // The marker process lets the test find the prober's directory; the gate gives it the target.
      `sleep ${waiting} & read pid dir < gate; kill $!; wait $! 2>/dev/null || true`,
      probe('signal', 'kill -0 "$pid"'),
      probe('kill', 'kill -9 "$pid"'),
      probe('read-workspace', 'cat "$dir/secret.txt"'),
      probe('read-tmp', 'cat "/proc/$pid/root/tmp/secret.txt"'),
      probe('see-processes', 'ls "/proc/$pid/cwd/"'),
      'for i in $(seq 20); do sleep 60 & done; echo "PROBER STARTED $(jobs -p | wc -l)"; kill $(jobs -p)',
    ]);
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('neighbours', [{ name: 'Source', actions: [codeCommitSource('app')] }, { name: 'Probe', actions: [target, prober] }], { pipelineType: 'V2' }),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'neighbours');
    const targetPids = await eventually(() => {
      const pids = hostProcessesWith(held);
      return pids.length === 30 ? pids : undefined;
    }, 'the target to hold its processes');
    const [waitingPid] = await eventually(() => {
      const pids = hostProcessesWith(waiting);
      return pids.length === 1 ? pids : undefined;
    }, 'the prober to wait for its target');
    // A sandboxed process's directory reads as its host path: the workspace is bound at the same path.
    const targetPid = targetPids[0]!;
    const targetDir = realpathSync(`/proc/${targetPid}/cwd`);
    await writeFile(join(realpathSync(`/proc/${waitingPid}/cwd`), 'gate'), `${targetPid} ${targetDir}\n`);
    const runs = await eventually(async () => {
      const found = await actionRuns(server.client, 'neighbours', executionId);
      const status = found.get('Prober')?.status;
      return status !== undefined && status !== 'InProgress' ? found : undefined;
    }, 'the prober to finish');
    const log = async (action: string): Promise<string> => (await actionLog(server.dataDir, runs.get(action)!.actionExecutionId!)).join('\n');
    const proberLog = await log('Prober');
    expect(runs.get('Prober')?.status, proberLog).toBe('Succeeded');
    expect(hostProcessesWith(held)).toHaveLength(30);
    await writeFile(join(targetDir, 'gate'), 'go\n');
    const execution = await waitForExecution(server.client, 'neighbours', executionId, { timeoutMs: 60_000 });
    const targetLog = await log('Target');
    expect(execution.status, `${execution.statusSummary}\n${targetLog}\n${proberLog}`).toBe('Succeeded');

    const uidOf = (text: string): number => Number(/stdout UID (\d+)/.exec(text)?.[1]);
    const [targetUid, proberUid] = [uidOf(targetLog), uidOf(proberLog)];
    expect(targetUid).not.toBe(proberUid);
    for (const uid of [targetUid, proberUid]) {
      expect(uid).toBeGreaterThanOrEqual(range.first);
      expect(uid).toBeLessThanOrEqual(range.last);
    }
    expect(targetLog).toContain(`(uid ${targetUid}, gid ${targetUid}, this build's own)`);
    expect(proberLog).not.toMatch(/stdout BREACH/);
    for (const what of ['signal', 'kill', 'read-workspace', 'read-tmp', 'see-processes']) expect(proberLog).toContain(`stdout REFUSED ${what}`);
    expect(proberLog).toContain('stdout PROBER STARTED 20');
    expect(targetLog).toContain('stdout TARGET HELD 30');
  });
});
