import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterEach, describe, expect, it } from 'vitest';
import { currentSandbox } from '../../src/providers/shared/sandbox/current-sandbox.js';
import { codeCommitSource, declaration, hostedRepository } from '../kit/pipelines.js';
import { startServerProcess, type ServerProcess } from '../kit/server-process.js';
import { hostProcessesWith, uniqueSleep } from '../providers/shared/sandbox/host-processes.js';
import { eventually } from './kit/wait.js';

/**
 * A server killed with SIGKILL in the middle of a build leaves nothing of the build running, without
 * waiting for the next start's recovery: bwrap dies with its parent, and the kernel ends every process
 * of the sandbox's pid namespace with it (README, "Builds in a sandbox").
 */
describe.runIf(currentSandbox().status.kind === 'bwrap')('a sandboxed build when its server is killed', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  afterEach(() => {
    if (server !== undefined && server.child.exitCode === null) server.child.kill('SIGKILL');
    // The killed server left its checkout mounted (its next start would unmount it).
    const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n').map((line) => line.split(' ')[1] ?? '');
    for (const mount of mounts.filter((path) => path.startsWith(`${dataDir}/`)).reverse()) execFileSync('umount', ['-l', mount]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends with the server, daemons and all', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pipewright-sandbox-crash-'));
    // Open to other users, as a server makes it: as root, bwrap runs as the build's uid (no root parent of its own).
    chmodSync(dataDir, 0o755);
    await hostedRepository(dataDir, 'app', { 'app.txt': 'the app\n' });
    const sleep = uniqueSleep();
    server = await startServerProcess(dataDir);
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(
          'crash-probe',
          [
            { name: 'Source', actions: [codeCommitSource('app')] },
            {
              name: 'Probe',
              actions: [
                {
                  name: 'Hang',
                  actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
                  inputArtifacts: [{ name: 'Src' }],
                  // A daemon that leaves the shell's session and ignores SIGTERM and SIGHUP, and the command itself.
                  commands: [`setsid sh -c 'trap "" TERM HUP; sleep ${sleep}' & sleep ${sleep}`],
                },
              ],
            },
          ],
          { pipelineType: 'V2' },
        ),
      }),
    );
    await eventually(() => (hostProcessesWith(sleep).length >= 2 ? true : undefined), 'the build to run');
    // The shells the server started ahead for the next builds (prepared sandboxes) wait too: the pool fills behind this first build.
    const prepared = `${join(dataDir, 'work')}/prepared-`;
    await eventually(() => (hostProcessesWith(prepared).length > 0 ? true : undefined), 'a prepared sandbox to wait');
    server.child.kill('SIGKILL');
    await server.exited;
    await eventually(() => (hostProcessesWith(sleep).length === 0 ? true : undefined), 'the build’s processes to end with the server', 10_000);
    expect(hostProcessesWith(sleep)).toEqual([]);
    await eventually(() => (hostProcessesWith(prepared).length === 0 ? true : undefined), 'the prepared sandboxes to end with the server', 10_000);
    expect(hostProcessesWith(prepared)).toEqual([]);
  });
});
