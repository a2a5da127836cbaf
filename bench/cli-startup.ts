/**
 * What a user waits for at the command line, through the built CLI (`npm run build` first) as a user runs
 * it: `pipewright --help`, `pipewright status NAME` against a running server, and `pipewright server` from
 * process start to `/healthz` answering 200 on a data directory already in use. Each is printed beside
 * `node -e 0` measured in the same run (the bare cost of a Node process) as a ratio. Runs alternate, so
 * machine noise hits all alike.
 *
 *   node --import tsx bench/cli-startup.ts [--runs 9] [--cli path/to/bin/pipewright.js]
 *
 * `--cli` times another build (e.g. a worktree of an older commit) in the same way, for before/after.
 *
 * Targets (medians): --help and status ≤ 150 ms; server start to /healthz 200 ≤ 500 ms.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './fixtures/bench-server.js';
import { median } from './fixtures/measure.js';

const option = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(option('--runs') ?? 9) || 9;
const cli = option('--cli') ?? join(import.meta.dirname, '..', 'bin', 'pipewright.js');
const env = { ...process.env, NO_COLOR: '1', PIPEWRIGHT_DEMO: 'false' };

function timed(args: string[], extraEnv: Record<string, string> = {}): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = performance.now() - started;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr.toString()}`);
  return elapsed;
}


/** Starts `pipewright server` and times process start to the first /healthz 200 (polled every 5 ms). */
async function serverStart(dataDir: string): Promise<{ ms: number; url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'server', '--port', String(port), '--data-dir', dataDir, '--no-demo'], { env, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pipewright server exited ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then((response) => response.status === 200, () => false);
    if (ok) break;
    await sleep(5);
  }
  const ms = performance.now() - started;
  return {
    ms,
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}


const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');
const loadBefore = load();
const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-bench-cli-'));
try {
  // The data directory is created and a pipeline put in it once; every timed start finds it in use.
  const first = await serverStart(dataDir);
  const pipeline = join(import.meta.dirname, 'fixtures', 'cli-startup-pipeline.json');
  timed([cli, 'apply', '-f', pipeline], { PIPEWRIGHT_ENDPOINT: first.url });
  const bare: number[] = [];
  const help: number[] = [];
  const status: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    bare.push(timed(['-e', '0']));
    help.push(timed([cli, '--help']));
    status.push(timed([cli, 'status', 'cli-startup'], { PIPEWRIGHT_ENDPOINT: first.url }));
  }
  await first.stop();
  const starts: number[] = [];
  const bareForStarts: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    bareForStarts.push(timed(['-e', '0']));
    const started = await serverStart(dataDir);
    starts.push(started.ms);
    await started.stop();
  }
  const figures = [
    { name: '`pipewright --help`', values: help, bare, target: 150 },
    { name: '`pipewright status NAME`', values: status, bare, target: 150 },
    { name: '`pipewright server` to /healthz 200', values: starts, bare: bareForStarts, target: 500 },
  ];
  console.log(`${cli}: ${runs} runs each; medians, beside \`node -e 0\` in the same runs. Load average ${loadBefore} before, ${load()} after.`);
  let missed = false;
  for (const figure of figures) {
    const value = median(figure.values);
    const base = median(figure.bare);
    const met = value <= figure.target;
    if (!met) missed = true;
    console.log(
      `${figure.name}: ${value.toFixed(0)} ms (node -e 0: ${base.toFixed(0)} ms, ×${(value / base).toFixed(1)})` +
        ` — target ≤ ${figure.target} ms: ${met ? 'PASS' : 'MISS'}`,
    );
  }
  process.exitCode = missed ? 1 : 0;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
