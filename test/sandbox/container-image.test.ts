import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand, StopPipelineExecutionCommand, type ActionDeclaration, type PipelineExecution } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentSandbox } from '../../src/providers/shared/sandbox/current-sandbox.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { actionLog, actionRuns, latestExecutionId } from '../actions/kit/executions.js';
import { eventually } from '../actions/kit/wait.js';
import { containersOf, engine, importTestImage, podman, runtime } from './container-kit.js';

/**
 * CodeBuild's `environment.image` in a real engine (issue 17): real pipelines on a real server whose
 * PIPEWRIGHT_CONTAINER_ENGINE is podman, with an image imported by the test. Skipped, saying why, only
 * where podman cannot start a container at all (not installed, or the kernel refuses).
 */
const unique = `${process.pid}-${Math.floor(Math.random() * 1e6)}`;
const marker = `image-marker-${unique}`;
const imported = importTestImage(`localhost/pipewright-test-${unique}:1`, marker);
const image = 'image' in imported ? imported.image : '';
if ('reason' in imported) console.warn(`container-image tests skipped: ${imported.reason}`);
const canary = `canary-${unique}`;
const runsAsRoot = process.getuid?.() === 0;
afterAll(() => void podman(['rmi', '--force', image]));

describe.runIf('image' in imported)('builds in a CodeBuild image', () => {
  let server: TestServer;

  beforeAll(async () => {
    process.env.CANARY_SECRET = canary;
    server = await startTestServer({ env: { CANARY_SECRET: canary, PIPEWRIGHT_CONTAINER_ENGINE: engine, PIPEWRIGHT_CONTAINER_RUNTIME: runtime } });
    await hostedRepository(server.dataDir, 'app', { 'app.txt': 'the app source\n' });
  });
  afterAll(async () => {
    delete process.env.CANARY_SECRET;
    await server.close();
  });

  function project(name: string, imageName: string, commands: string[], extra = ''): void {
    mkdirSync(join(server.dataDir, 'projects'), { recursive: true });
    const lines = commands.map((command) => `        - ${JSON.stringify(command)}\n`).join('');
    writeFileSync(
      join(server.dataDir, 'projects', `${name}.yml`),
      `environment:\n  type: LINUX_CONTAINER\n  image: ${imageName}\n  computeType: BUILD_GENERAL1_SMALL\nenvironmentVariables:\n  - name: FROM_PROJECT\n    value: project-value\n  - name: MULTI_LINE\n    value: "one\\ntwo"\nbuildspec:\n  version: 0.2\n  phases:\n    build:\n      commands:\n${lines}${extra}`,
    );
  }

  async function start(pipelineName: string, actions: ActionDeclaration[]): Promise<string> {
    await server.client.send(
      new CreatePipelineCommand({ pipeline: declaration(pipelineName, [{ name: 'Source', actions: [codeCommitSource('app')] }, { name: 'Build', actions }], { pipelineType: 'V2' }) }),
    );
    return latestExecutionId(server.client, pipelineName);
  }

  async function finished(pipelineName: string, executionId: string): Promise<{ execution: PipelineExecution; log: (action: string) => Promise<string> }> {
    const execution = await waitForExecution(server.client, pipelineName, executionId, { timeoutMs: 90_000 });
    const runs = await actionRuns(server.client, pipelineName, executionId);
    return { execution, log: async (action) => (await actionLog(server.dataDir, runs.get(action)!.actionExecutionId!)).join('\n') };
  }

  it('runs the build in the image, as the build’s own user, with the workspace, its environment only, and brings its artifact back', async () => {
    project('InImage', image, ['cat /etc/pipewright-image', 'id', 'cat app.txt', 'env', 'echo "multi-line lines: $(printf \'%s\\n\' "$MULTI_LINE" | wc -l)"', 'echo "made in $(cat /etc/pipewright-image)" > result.txt'], '  artifacts:\n    files:\n      - result.txt\n');
    const after: ActionDeclaration = {
      name: 'ReadBack',
      actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
      inputArtifacts: [{ name: 'Out' }],
      commands: ['cat result.txt'],
      runOrder: 2,
    };
    const executionId = await start('in-image', [codeBuild('InImage', { outputs: ['Out'] }), after]);
    const { execution, log } = await finished('in-image', executionId);
    const text = await log('InImage');
    expect(execution.status, `${execution.statusSummary}\n${text}`).toBe('Succeeded');
    expect(text).toContain(`Environment image ${image}: the build runs in it (podman)`);
    // Only the image has this file: the commands ran in it.
    expect(text).toContain(`stdout ${marker}`);
    const uid = Number(/stdout uid=(\d+)/.exec(text)?.[1]);
    expect(uid).not.toBe(0);
    if (runsAsRoot) expect(uid).toBeGreaterThanOrEqual(2_000_000_000);
    expect(text).toContain('stdout the app source');
    expect(text).toContain('stdout FROM_PROJECT=project-value');
    // A value with a line break, which an env file cannot hold, arrives whole.
    expect(text).toContain('stdout multi-line lines: 2');
    expect(text).toContain('stdout CODEBUILD_BUILD_ID=InImage:');
    expect(text).not.toContain(canary);
    expect(text).not.toContain('PIPEWRIGHT_CONTAINER_ENGINE');
    // The image's own search path, not the host's.
    expect(text).toContain('stdout PATH=/bin');
    expect(await log('ReadBack')).toContain(`stdout made in ${marker}`);
    expect(containersOf(join(server.dataDir, 'work'))).toEqual([]);
  });

  it('removes the build’s container when the execution is stopped with abandon', async () => {
    project('Hangs', image, ['echo started', 'sleep 600']);
    const executionId = await start('hangs', [codeBuild('Hangs')]);
    const workRoot = join(server.dataDir, 'work');
    await eventually(() => (podman(['ps', '--filter', `label=pipewright.work-root=${workRoot}`, '--format', '{{.Names}}']).stdout.trim() !== '' ? true : undefined), 'the build’s container to run', 60_000);
    await server.client.send(new StopPipelineExecutionCommand({ pipelineName: 'hangs', pipelineExecutionId: executionId, abandon: true }));
    const { execution } = await finished('hangs', executionId);
    expect(execution.status).toBe('Stopped');
    await eventually(() => (containersOf(workRoot).length === 0 ? true : undefined), 'the container to be removed', 30_000);
  });

  it('fails a build whose image the engine does not have, saying so in its log', async () => {
    const missing = `localhost/pipewright-missing-${unique}:1`;
    project('Missing', missing, ['echo should not run']);
    const { execution, log } = await finished('missing', await start('missing', [codeBuild('Missing')]));
    const text = await log('Missing');
    expect(execution.status, text).toBe('Failed');
    expect(text).toContain('Phase context status code: BUILD_CONTAINER_UNABLE_TO_PULL_IMAGE');
    expect(text).toContain(`CannotPullContainerError: ${missing} is not in podman's local images`);
    expect(text).not.toContain('stdout should not run');
  });

  it('runs a build naming CodeBuild’s own image in the host sandbox, with a note', async () => {
    project('Curated', 'aws/codebuild/standard:7.0', ['test -e /etc/pipewright-image && echo in-image || echo on-host']);
    const { execution, log } = await finished('curated', await start('curated', [codeBuild('Curated')]));
    const text = await log('Curated');
    expect(execution.status, text).toBe('Succeeded');
    expect(text).toContain("Environment image aws/codebuild/standard:7.0: CodeBuild's own image, which exists only in AWS (podman has none of that name)");
    expect(text).toContain('stdout on-host');
    if (currentSandbox().status.kind === 'bwrap') expect(text).toContain('system Sandbox: bubblewrap');
  });
});

describe.runIf('image' in imported)('a server’s start', () => {
  it('removes the build containers a killed server left under its data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-test-'));
    const workRoot = join(dataDir, 'work');
    const name = `pipewright-leftover-${unique}`;
    // What a SIGKILLed server leaves: a running container labelled with its work root (conmon, not the server, is its parent).
    const started = spawnSync(
      engine,
      ['run', '-d', '--runtime', runtime, '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024', '--network', 'host', '--name', name, '--label', `pipewright.work-root=${workRoot}`, image, '/bin/sleep', '600'],
      { encoding: 'utf8' },
    );
    expect(started.status, started.stderr).toBe(0);
    try {
      expect(containersOf(workRoot)).toEqual([name]);
      const server = await startTestServer({ dataDir, env: { PIPEWRIGHT_CONTAINER_ENGINE: engine, PIPEWRIGHT_CONTAINER_RUNTIME: runtime } });
      await server.close();
      expect(containersOf(workRoot)).toEqual([]);
    } finally {
      podman(['rm', '--force', '--ignore', '--time', '0', name]);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
