/**
 * Issue 20's comparison, on this machine: Pipewright against Buildbot 3.7 (Debian's `buildbot` and
 * `buildbot-worker` packages), in the same run, alternated.
 *
 *   node --import tsx bench/buildbot-side-by-side.ts [--runs 15] [--parallel 200]
 *
 *  - Latency: Pipewright's CodeCommit source + 3 × Commands `true` (StartPipelineExecution → SUCCEEDED on
 *    the event stream, bench/fixtures/chain-server.ts) against a Buildbot build of three ShellCommand
 *    steps `true` (request → buildset complete). Goal: Buildbot's median ≥ 10 × Pipewright's.
 *  - Throughput: Pipewright's PARALLEL mode with 100 executions in flight against Buildbot with 10
 *    builders (one worker each) kept busy. Goal: ≥ 15 × Buildbot's builds per second.
 * Pipewright's pipeline does more than Buildbot's builds (a source, and a sandbox per action where
 * bubblewrap runs). Skipped, and said so, where Buildbot is not installed. Exits with 1 when a goal is missed.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildbotInstalled, startBuildbotFarm } from './fixtures/buildbot-farm.js';
import { parallelPipelines, startChainServer } from './fixtures/chain-server.js';
import { median } from './fixtures/measure.js';

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const runs = argument('--runs', 15);
const parallelTotal = argument('--parallel', 200);

if (!buildbotInstalled()) {
  console.log('Buildbot side by side: skipped, `buildbot` and `buildbot-worker` are not installed (Debian: apt-get install buildbot buildbot-worker).');
  process.exit(0);
}

/** Rate (per second) of `total` calls of `one`, `lanes` at a time. */
async function rate(total: number, lanes: number, one: (lane: number) => Promise<unknown>): Promise<number> {
  let started = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      while (started < total) {
        started += 1;
        await one(lane);
      }
    }),
  );
  return total / ((performance.now() - startedAt) / 1000);
}

const root = mkdtempSync(join(tmpdir(), 'pipewright-bench-buildbot-'));
// Open to other users as a data directory made by `npm start` is (mkdtemp's is 0700): a build's uid must
// reach its workspace for bwrap to start as that uid (docs/decisions/build-sandbox.md).
chmodSync(root, 0o755);
const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const pipewright = await startChainServer(join(root, 'pipewright')).catch((error: unknown) => {
  rmSync(root, { recursive: true, force: true });
  throw error;
});
const buildbot = await startBuildbotFarm(root, 10).catch(async (error: unknown) => {
  await pipewright.stop();
  rmSync(root, { recursive: true, force: true });
  throw error;
});
try {
  for (let i = 0; i < 3; i += 1) {
    await pipewright.execute('chain');
    await buildbot.build(0);
  }
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    ours.push((await pipewright.execute('chain')).ms);
    theirs.push(await buildbot.build(0));
  }
  const ourRate = await rate(parallelTotal, 100, (lane) => pipewright.execute(parallelPipelines[lane % parallelPipelines.length]!));
  const theirRate = await rate(100, buildbot.builders, (lane) => buildbot.build(lane));

  const latencyRatio = median(theirs) / median(ours);
  const rateRatio = ourRate / theirRate;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`\nPipewright beside Buildbot 3.7 (Debian), same run, alternated; ${cpus().length} cores, load average ${loadBefore} before, ${load} after\n`);
  console.log('| measure | Pipewright | Buildbot | Pipewright ahead by | goal | met |\n|---|---|---|---|---|---|');
  console.log(
    `| latency, medians of ${runs} (fastest) | ${median(ours).toFixed(1)} ms (${Math.min(...ours).toFixed(1)}): source + 3 × Commands \`true\` | ${median(theirs).toFixed(1)} ms (${Math.min(...theirs).toFixed(1)}): 3 × ShellCommand \`true\` | ×${latencyRatio.toFixed(1)} | ≥ ×10 | ${latencyRatio >= 10 ? 'yes' : 'NO'} |`,
  );
  console.log(
    `| throughput | ${ourRate.toFixed(1)} executions/s, PARALLEL, 100 in flight | ${theirRate.toFixed(1)} builds/s, 10 builders | ×${rateRatio.toFixed(1)} | ≥ ×15 | ${rateRatio >= 15 ? 'yes' : 'NO'} |`,
  );
  process.exitCode = latencyRatio >= 10 && rateRatio >= 15 ? 0 : 1;
} finally {
  await Promise.all([pipewright.stop(), buildbot.stop()]);
  rmSync(root, { recursive: true, force: true });
}
