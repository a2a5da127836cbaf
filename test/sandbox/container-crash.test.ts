import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository } from '../kit/pipelines.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../kit/server-process.js';
import { eventually } from '../actions/kit/wait.js';
import { containersOf, engine, importTestImage, podman, runtime } from './container-kit.js';

/**
 * A server killed with SIGKILL during a build that runs in an image (docs/decisions/build-sandbox.md,
 * "Images"): the engine's monitor, not the server, holds the container. Its shell leaves once the
 * commands it was running end (its control channel closed with the server); a command that never
 * ends is removed by the next start on that data directory.
 */
const unique = `${process.pid}-${Math.floor(Math.random() * 1e6)}`;
const imported = importTestImage(`localhost/pipewright-crash-${unique}:1`, 'crash');
const image = 'image' in imported ? imported.image : '';
if ('reason' in imported) console.warn(`container-crash tests skipped: ${imported.reason}`);
const engineEnv = { PIPEWRIGHT_CONTAINER_ENGINE: engine, PIPEWRIGHT_CONTAINER_RUNTIME: runtime };
afterAll(() => void podman(['rmi', '--force', image]));

describe.runIf('image' in imported)('a build in an image when its server is killed', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  afterEach(() => {
    if (server !== undefined && server.child.exitCode === null) server.child.kill('SIGKILL');
    for (const name of containersOf(join(dataDir, 'work'))) podman(['rm', '--force', '--ignore', '--time', '0', name]);
    // The killed server left its checkout mounted (its next start would unmount it).
    const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n').map((line) => line.split(' ')[1] ?? '');
    for (const mount of mounts.filter((path) => path.startsWith(`${dataDir}/`)).reverse()) execFileSync('umount', ['-l', mount]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function buildThenKill(commands: string[]): Promise<string> {
    dataDir = mkdtempSync(join(tmpdir(), 'pipewright-container-crash-'));
    await hostedRepository(dataDir, 'app', { 'app.txt': 'the app\n' });
    mkdirSync(join(dataDir, 'projects'));
    const lines = commands.map((command) => `        - ${JSON.stringify(command)}\n`).join('');
    writeFileSync(join(dataDir, 'projects', 'Hang.yml'), `environment:\n  image: ${image}\nbuildspec:\n  version: 0.2\n  phases:\n    build:\n      commands:\n${lines}`);
    server = await startServerProcess(dataDir, engineEnv);
    await server.client.send(
      new CreatePipelineCommand({ pipeline: declaration('crash', [{ name: 'Source', actions: [codeCommitSource('app')] }, { name: 'Build', actions: [codeBuild('Hang')] }], { pipelineType: 'V2' }) }),
    );
    const workRoot = join(dataDir, 'work');
    await eventually(() => (podman(['ps', '--filter', `label=pipewright.work-root=${workRoot}`, '--format', '{{.Names}}']).stdout.trim() !== '' ? true : undefined), 'the build’s container to run', 60_000);
    server.child.kill('SIGKILL');
    await server.exited;
    return workRoot;
  }

  it('ends once the commands it was running end, without a restart', async () => {
    const workRoot = await buildThenKill(['sleep 4']);
    expect(containersOf(workRoot).length).toBe(1);
    // No server any more: the shell reads end-of-file after `sleep 4` and leaves, and the container with it.
    await eventually(() => (containersOf(workRoot).length === 0 ? true : undefined), 'the container to end by itself', 30_000);
  });

  it('is removed by the next start when its command never ends', async () => {
    const workRoot = await buildThenKill(['sleep 600']);
    expect(containersOf(workRoot).length).toBe(1);
    server = await startServerProcess(dataDir, engineEnv);
    expect(containersOf(workRoot)).toEqual([]);
    await stopServerProcess(server);
  });
});
