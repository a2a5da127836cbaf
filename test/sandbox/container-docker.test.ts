import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand, StopPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { actionLog, actionRuns, latestExecutionId } from '../actions/kit/executions.js';
import { eventually } from '../actions/kit/wait.js';
import { containersOf, importTestImage, podman, runtime } from './container-kit.js';

/**
 * The Docker route: PIPEWRIGHT_CONTAINER_ENGINE=docker with DOCKER_HOST at a Docker-compatible socket,
 * here podman's own (`podman system service`, told to use runc: its Docker API ignores a per-container
 * runtime). Skipped, saying why, where the docker client or podman is missing.
 */
const unique = `${process.pid}-${Math.floor(Math.random() * 1e6)}`;
const dockerCli = spawnSync('docker', ['--version'], { encoding: 'utf8' }).status === 0;
const imported = dockerCli ? importTestImage(`localhost/pipewright-docker-${unique}:1`, `docker-marker-${unique}`) : { reason: 'the docker client is not installed' };
const image = 'image' in imported ? imported.image : '';
if ('reason' in imported) console.warn(`container-docker tests skipped: ${imported.reason}`);
afterAll(() => void podman(['rmi', '--force', image]));

describe.runIf('image' in imported)('builds in an image through the docker client and a socket', () => {
  let server: TestServer;
  let service: ChildProcess;
  const socketDir = mkdtempSync(join(tmpdir(), 'pipewright-socket-'));
  const socket = join(socketDir, 'podman.sock');

  beforeAll(async () => {
    service = spawn('podman', ['--runtime', runtime, 'system', 'service', '--time=0', `unix://${socket}`], { stdio: 'ignore' });
    await eventually(() => (existsSync(socket) ? true : undefined), 'the podman socket', 20_000);
    server = await startTestServer({ env: { PIPEWRIGHT_CONTAINER_ENGINE: 'docker', DOCKER_HOST: `unix://${socket}` } });
    await hostedRepository(server.dataDir, 'app', { 'app.txt': 'the app source\n' });
  });
  afterAll(async () => {
    await server.close();
    service.kill('SIGTERM');
    rmSync(socketDir, { recursive: true, force: true });
  });

  function project(name: string, commands: string[]): void {
    mkdirSync(join(server.dataDir, 'projects'), { recursive: true });
    const lines = commands.map((command) => `        - ${JSON.stringify(command)}\n`).join('');
    writeFileSync(join(server.dataDir, 'projects', `${name}.yml`), `environment:\n  image: ${image}\nbuildspec:\n  version: 0.2\n  phases:\n    build:\n      commands:\n${lines}`);
  }

  async function start(pipelineName: string, action: string): Promise<string> {
    await server.client.send(
      new CreatePipelineCommand({ pipeline: declaration(pipelineName, [{ name: 'Source', actions: [codeCommitSource('app')] }, { name: 'Build', actions: [codeBuild(action)] }], { pipelineType: 'V2' }) }),
    );
    return latestExecutionId(server.client, pipelineName);
  }

  it('runs the build in the image and removes its container on abandon', async () => {
    project('ViaDocker', ['cat /etc/pipewright-image', 'id -u', 'cat app.txt']);
    const executionId = await start('via-docker', 'ViaDocker');
    const execution = await waitForExecution(server.client, 'via-docker', executionId, { timeoutMs: 90_000 });
    const runs = await actionRuns(server.client, 'via-docker', executionId);
    const text = (await actionLog(server.dataDir, runs.get('ViaDocker')!.actionExecutionId!)).join('\n');
    expect(execution.status, `${execution.statusSummary}\n${text}`).toBe('Succeeded');
    expect(text).toContain(`Environment image ${image}: the build runs in it (docker)`);
    expect(text).toContain(`stdout docker-marker-${unique}`);
    expect(text).toContain('stdout the app source');
    // `id -u` inside: the build's uid, not root.
    const uid = Number(/stdout (\d+)$/m.exec(text)?.[1]);
    expect(uid).toBeGreaterThan(0);

    project('DockerHangs', ['sleep 600']);
    const hangId = await start('docker-hangs', 'DockerHangs');
    const workRoot = join(server.dataDir, 'work');
    await eventually(() => (podman(['ps', '--filter', `label=pipewright.work-root=${workRoot}`, '--format', '{{.Names}}']).stdout.trim() !== '' ? true : undefined), 'the build’s container to run', 60_000);
    await server.client.send(new StopPipelineExecutionCommand({ pipelineName: 'docker-hangs', pipelineExecutionId: hangId, abandon: true }));
    await eventually(() => (containersOf(workRoot).length === 0 ? true : undefined), 'the container to be removed', 30_000);
  });
});
