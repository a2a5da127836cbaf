// What running a build in a CodeBuild image costs against the host's sandbox, in the same run (the
// machine is shared and noisy: only differences within one run mean something).
//
//   node --import tsx bench/container-start.ts
//
// The overhead build of bench/build-runner.ts (four phases of one `true` each, /bin/sh) run by the
// whole runner three ways, alternated: in a podman container of a busybox image imported here
// (PIPEWRIGHT_CONTAINER_ENGINE=podman, runtime runc), in bubblewrap, and with the sandbox off. No target:
// the figure goes in docs/decisions/build-sandbox.md ("Images"). Skipped, saying why, where podman
// cannot start a container.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FileLogStore } from '../src/artifacts/logs/file-log-store.js';
import { systemClock } from '../src/core/clock.js';
import type { SecretResolver } from '../src/core/contracts/secret-resolver.js';
import { parseBuildspec } from '../src/providers/codebuild/buildspec/parse-buildspec.js';
import { executeBuild } from '../src/providers/codebuild/execute-build.js';
import { configureSandbox } from '../src/providers/shared/sandbox/current-sandbox.js';
import { SandboxLauncher } from '../src/providers/shared/sandbox/sandbox-launcher.js';
import { buildBaseEnvironment } from '../src/providers/shared/sandbox/build-environment.js';
import { readSandboxSettings } from '../src/providers/shared/sandbox/sandbox-settings.js';
import { engine, importTestImage, podman, runtime } from '../test/sandbox/container-kit.js';
import { median } from './fixtures/measure.js';

const root = mkdtempSync(join(tmpdir(), 'pw-bench-container-'));
const dataDir = join(root, 'data');
const logs = new FileLogStore({ dataDir, clock: systemClock });
const noSecrets: SecretResolver = { parameter: () => Promise.resolve(undefined), secret: () => Promise.resolve(undefined) };
const overheadSpec = `version: 0.2
phases:
  install:
    commands: ['true']
  pre_build:
    commands: ['true']
  build:
    commands: ['true']
  post_build:
    commands: ['true']
`;
let jobs = 0;

async function overheadBuild(launcher: SandboxLauncher, image: string | undefined): Promise<number> {
  configureSandbox(launcher);
  const job = ++jobs;
  const workspace = join(root, 'work', String(job));
  const srcDir = join(workspace, 'sources', 'Source');
  mkdirSync(srcDir, { recursive: true });
  const actionExecutionId = `c0000000-0000-4000-8000-${String(job).padStart(12, '0')}`;
  const log = logs.open(actionExecutionId);
  const started = performance.now();
  const result = await executeBuild(
    {
      projectName: 'bench',
      buildspec: parseBuildspec(overheadSpec, 'buildspec.yml'),
      sources: [{ name: 'Source', dir: srcDir }],
      outputs: [],
      variables: [],
      ...(image !== undefined ? { environment: { image } } : {}),
    },
    { pipelineName: 'bench', region: 'eu-west-1', partition: 'aws', accountId: '123456789012', actionExecutionId, dataDir, workspace, clock: systemClock, log, secrets: noSecrets, signal: new AbortController().signal },
  );
  await log.close();
  const ms = performance.now() - started;
  if (result.status !== 'SUCCEEDED') throw new Error(`The bench build failed: ${result.message}`);
  return ms;
}


const imported = importTestImage(`localhost/pipewright-bench-${process.pid}:1`, 'bench');
try {
  if ('reason' in imported) {
    console.log(`container start: not measured: ${imported.reason}`);
  } else {
    const env = buildBaseEnvironment(process.env, []);
    const inContainer = new SandboxLauncher(readSandboxSettings({ ...env, PIPEWRIGHT_CONTAINER_ENGINE: engine, PIPEWRIGHT_CONTAINER_RUNTIME: runtime }), { loopbackOnly: true });
    const inBwrap = new SandboxLauncher(readSandboxSettings(env), { loopbackOnly: true });
    const off = new SandboxLauncher(readSandboxSettings({ ...env, PIPEWRIGHT_BUILD_SANDBOX: 'off' }), { loopbackOnly: true });
    const rounds = 12;
    const warmup = 2;
    const times = { container: [] as number[], bwrap: [] as number[], off: [] as number[] };
    const loadBefore = loadavg()[0]!;
    for (let round = 0; round < warmup + rounds; round++) {
      const container = await overheadBuild(inContainer, imported.image);
      const bwrap = await overheadBuild(inBwrap, undefined);
      const bare = await overheadBuild(off, undefined);
      if (round < warmup) continue;
      times.container.push(container);
      times.bwrap.push(bwrap);
      times.off.push(bare);
    }
    const fmt = (values: number[]): string => `median ${median(values).toFixed(1)} ms, fastest ${Math.min(...values).toFixed(1)} ms`;
    console.log(`four phases of \`true\`, ${rounds} rounds each, alternated (load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)})`);
    console.log(`  in a podman container (runc):  ${fmt(times.container)}`);
    console.log(`  in bubblewrap:                 ${fmt(times.bwrap)}${inBwrap.status.kind === 'bwrap' ? '' : ` (bwrap unavailable: ${inBwrap.status.kind})`}`);
    console.log(`  sandbox off (bare):            ${fmt(times.off)}`);
    console.log(`  container over bwrap: +${(median(times.container) - median(times.bwrap)).toFixed(1)} ms median, +${(Math.min(...times.container) - Math.min(...times.bwrap)).toFixed(1)} ms fastest`);
    console.log(`  container over bare:  +${(median(times.container) - median(times.off)).toFixed(1)} ms median, ratio ${(median(times.container) / median(times.off)).toFixed(1)}`);
  }
} finally {
  if ('image' in imported) podman(['rmi', '--force', imported.image]);
  rmSync(root, { recursive: true, force: true });
}
