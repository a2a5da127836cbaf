/**
 * The real path (issue 20): what a user's pipeline costs where the work starts, against the processes it
 * runs. A real server in a process of its own, started as `npm start` starts it (embedded SQLite,
 * filesystem artifacts, the build sandbox when bubblewrap is installed), and the real API through the
 * AWS SDK. Completion is read from the server's event stream (`/api/events`), as soon as it is known;
 * an action's own time from ListActionExecutions (startTime → lastUpdateTime), as a user reads it.
 *
 *   node --import tsx bench/real-path.ts [--runs 15] [--parallel 300] [--trace] [--no-sandbox] [--parallel-only]
 *
 * Targets (medians on this 2-core machine) and the bare processes they are printed beside, measured in
 * the same run, alternating with the timed runs:
 *  - CodeCommit source (a one-file repository) + 3 × Commands `true`, StartPipelineExecution →
 *    Succeeded ≤ 40 ms                                      bare: the source's git commands + 3 × `bash -c true`
 *  - one Commands action `true` ≤ 8 ms                      bare: `bash -c true`
 *  - a CodeBuild action, one-command buildspec ≤ 10 ms      bare: `bash -c true`
 *  - the source after a new commit ≤ 10 ms                  bare: the git commands the source runs
 *  - PARALLEL mode, 100 executions in flight ≥ 40 /s, GetPipelineState p99 ≤ 10 ms meanwhile
 *                                                          bare: the same processes, 100 sequences at once
 * `--trace` loads bench/fixtures/job-trace-subscriber.ts into the server and prints where the time of
 * a Commands action and a source goes, from the engine's decision that starts it to its committed result
 * (src/core/job-trace.ts): each step's median over every traced job of the serial runs.
 * `--no-sandbox` runs the server with PIPEWRIGHT_BUILD_SANDBOX=off, to show what the sandbox's share is.
 * `--nice-helpers N` (an experiment): before the PARALLEL mode, the server's helper processes (the
 * spawner, git's readers) are set N steps of nice below the server; what they start inherits it.
 * `BENCH_PROFILE_DIR=dir` writes a V8 CPU profile of each of the server's threads there;
 * `BENCH_SERVER_FLAGS='--perf-basic-prof …'` passes flags to the server's node (for `perf record -t`).
 * Exits with 1 when a target is missed.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, getPriority, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { ListActionExecutionsCommand, CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import type { JobTraceMark } from '../src/core/job-trace.js';
import { buildspecFile, parallelPipelines, startChainServer } from './fixtures/chain-server.js';
import { median, runProcess, timed } from './fixtures/measure.js';

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]) || fallback;
};
/** `--parallel-only`: the warm-up, then the PARALLEL mode alone (a profile of the server is then of that load). */
const parallelOnly = process.argv.includes('--parallel-only');
const runs = parallelOnly ? 0 : argument('--runs', 15);
const parallelTotal = argument('--parallel', 300);
const tracing = process.argv.includes('--trace');
const sandboxOff = process.argv.includes('--no-sandbox');
const niceHelpers = argument('--nice-helpers', 0);
const now = (): number => performance.timeOrigin + performance.now();

const root = mkdtempSync(join(tmpdir(), 'pipewright-bench-real-'));
// Open to other users as a data directory made by `npm start` is (mkdtemp's is 0700): a build's uid must
// reach its workspace for bwrap to start as that uid (docs/decisions/build-sandbox.md).
chmodSync(root, 0o755);
const traceFile = join(root, 'trace.jsonl');

/** Runs a process to its end with the bench's git environment unless told otherwise. */
const run = (command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<string> =>
  runProcess(command, args, { env: options.env ?? gitEnv, ...(options.cwd !== undefined ? { cwd: options.cwd } : {}) });

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

// --- The server, started as `npm start` starts it, with its hosted repository and pipelines (bench/fixtures/chain-server.ts).
const traceImport = tracing ? ['--import', './bench/fixtures/job-trace-subscriber.ts'] : [];
const profile = process.env.BENCH_PROFILE_DIR !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
// BENCH_SERVER_FLAGS: more flags for the server's node (e.g. `--perf-basic-prof`, so `perf record` names its JavaScript).
const serverFlags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
const chainServer = await startChainServer(root, {
  nodeFlags: [...profile, ...serverFlags, ...traceImport],
  env: { BENCH_TRACE_FILE: traceFile, ...(sandboxOff ? { PIPEWRIGHT_BUILD_SANDBOX: 'off' } : {}) },
}).catch((error: unknown) => {
  rmSync(root, { recursive: true, force: true });
  throw error;
});
const { server, client, url, repo, gitEnv, execute } = chainServer;

try {
  /** A new commit on main changing the one file, made in the hosted repository itself: no push, so no execution it would start. */
  let commits = 0;
  async function newCommit(): Promise<void> {
    commits += 1;
    const index = join(root, 'commit.index');
    const env = { ...gitEnv, GIT_INDEX_FILE: index, GIT_DIR: repo };
    await run('git', ['read-tree', 'main'], { env });
    const file = join(root, buildspecFile.name);
    writeFileSync(file, `${buildspecFile.text}# change ${commits}\n`);
    const blob = await run('git', ['hash-object', '-w', file], { env });
    await run('git', ['update-index', '--cacheinfo', `100644,${blob},${buildspecFile.name}`], { env });
    const tree = await run('git', ['write-tree'], { env });
    const parent = await run('git', ['rev-parse', 'main'], { env });
    const commit = await run('git', ['commit-tree', tree, '-p', parent, '-m', `Change ${commits}`], { env });
    await run('git', ['update-ref', 'refs/heads/main', commit, parent], { env });
  }

  // --- Beside the fixture's chain and parallel pipelines: a source and a one-command CodeBuild action.
  await client.send(
    new CreatePipelineCommand({
      pipeline: chainServer.declaration('build', 'QUEUED', [
        { name: 'Source', actions: [chainServer.sourceAction] },
        { name: 'Build', actions: [{ name: 'Build', actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' }, configuration: { ProjectName: 'bench-build' }, inputArtifacts: [{ name: 'Src' }] }] },
      ]),
    }),
  );

  /** Where each action's API times fall, by action execution id (for the trace). */
  const apiTimes = new Map<string, { start: number; end: number }>();
  /** Each action's own time in one execution (startTime → lastUpdateTime), by action name. */
  async function actionTimes(pipelineName: string, executionId: string): Promise<Map<string, number>> {
    const listed = await client.send(new ListActionExecutionsCommand({ pipelineName, filter: { pipelineExecutionId: executionId } }));
    const details = listed.actionExecutionDetails ?? [];
    for (const detail of details) apiTimes.set(detail.actionExecutionId ?? '', { start: detail.startTime?.getTime() ?? 0, end: detail.lastUpdateTime?.getTime() ?? 0 });
    return new Map(details.map((detail) => [detail.actionName ?? '', (detail.lastUpdateTime?.getTime() ?? 0) - (detail.startTime?.getTime() ?? 0)]));
  }

  /**
   * CPU time of the server process, of its main thread (where requests, the engine and the worker's
   * JavaScript run: the one that bounds throughput), of its helper processes (the process spawner and
   * git's long-lived readers: live children of the server), and of the processes it ran (reaped by the
   * server or by a helper: build shells are the spawner's children), in ms (/proc).
   */
  /** The server's live child processes (the spawner, git's readers), whichever of its threads started them. */
  function helperPids(): string[] {
    return readdirSync(`/proc/${server.pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${server.pid}/task/${task}/children`, 'utf8').split(' ').filter((pid) => pid.trim() !== ''),
    );
  }

  /** How long the server's main thread has waited, runnable, for a core (ms, /proc schedstat): the queue a request meets on a busy machine. */
  function mainThreadWaited(): number {
    return Number(readFileSync(`/proc/${server.pid}/task/${server.pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  }

  function serverCpu(): { own: number; mainThread: number; mainThreadSystem: number; helpers: number; children: number } {
    const ticksOf = (path: string) => {
      let fields: string[] = [];
      try {
        fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
      } catch {
        // Gone meanwhile (a reader idle long enough ends): nothing to count.
      }
      return (index: number): number => (Number(fields[index] ?? 0) * 1000) / 100;
    };
    const process = ticksOf(`/proc/${server.pid}/stat`);
    const main = ticksOf(`/proc/${server.pid}/task/${server.pid}/stat`);
    const helpers = helperPids().map((pid) => ticksOf(`/proc/${pid}/stat`));
    return {
      own: process(11) + process(12),
      mainThread: main(11) + main(12),
      mainThreadSystem: main(12),
      helpers: helpers.reduce((sum, helper) => sum + helper(11) + helper(12), 0),
      children: process(13) + process(14) + helpers.reduce((sum, helper) => sum + helper(13) + helper(14), 0),
    };
  }

  // --- The bare processes, as the actions run them.
  const bashTrue = () => timed(() => run('bash', ['-c', 'true']));
  const scratch = join(root, 'scratch');
  const gitSource = () =>
    timed(async () => {
      // What a CODE_ZIP CodeCommit source runs: resolve the branch, read the commit, export the tree.
      const env = { ...gitEnv, GIT_INDEX_FILE: join(root, 'bare.index') };
      const commit = await run('git', ['--git-dir', repo, 'rev-parse', '--verify', '--quiet', 'refs/heads/main^{commit}'], { env });
      await run('git', ['--git-dir', repo, 'show', '--no-patch', '--format=%H%x00%aI%x00%cI%x00%an%x00%B', commit], { env });
      await run('git', ['--git-dir', repo, 'read-tree', commit], { env });
      rmSync(scratch, { recursive: true, force: true });
      mkdirSync(scratch);
      await run('git', ['--git-dir', repo, '--work-tree', scratch, 'checkout-index', '--all', '--force'], { env });
    });

  // Warm-up: the first runs load modules and fill caches.
  for (let i = 0; i < 3; i += 1) {
    await execute('chain');
    await execute('build');
  }

  const chain: number[] = [];
  const chainBare: number[] = [];
  const commandsAction: number[] = [];
  const buildAction: number[] = [];
  const sourceAction: number[] = [];
  const bash: number[] = [];
  const git: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    await newCommit();
    const { ms, id } = await execute('chain');
    chain.push(ms);
    const times = await actionTimes('chain', id);
    sourceAction.push(times.get('Source') ?? Number.NaN);
    commandsAction.push(median([1, 2, 3].map((n) => times.get(`True${n}`) ?? Number.NaN)));
    const built = await execute('build');
    buildAction.push((await actionTimes('build', built.id)).get('Build') ?? Number.NaN);
    const gitMs = await gitSource();
    const bashMs = [await bashTrue(), await bashTrue(), await bashTrue()];
    git.push(gitMs);
    bash.push(...bashMs);
    chainBare.push(gitMs + bashMs.reduce((sum, value) => sum + value, 0));
  }

  // The trace is of the serial runs: under the parallel load below, a step's time is mostly waiting for a core.
  const serialTrace = tracing ? readFileSync(traceFile, 'utf8') : '';

  // --- PARALLEL mode, 100 in flight; GetPipelineState read meanwhile by a process of its own.
  const reader = spawn(process.execPath, ['--import', 'tsx', 'bench/fixtures/state-reader.ts', url, parallelPipelines[0]], { stdio: ['pipe', 'pipe', 'inherit'] });
  const readerAnswers = createInterface({ input: reader.stdout })[Symbol.asyncIterator]();
  await readerAnswers.next();
  const inFlight = 100;
  async function flight(total: number, one: (lane: number) => Promise<unknown>): Promise<number> {
    let started = 0;
    const startedAt = now();
    await Promise.all(
      Array.from({ length: inFlight }, async (_, lane) => {
        while (started < total) {
          started += 1;
          await one(lane);
        }
      }),
    );
    return total / ((now() - startedAt) / 1000);
  }
  if (niceHelpers !== 0) {
    for (const pid of helperPids()) setPriority(Number(pid), Math.min(19, getPriority(server.pid) + niceHelpers));
  }
  const cpuBefore = serverCpu();
  const waitedBefore = mainThreadWaited();
  const rate = await flight(parallelTotal, (lane) => execute(parallelPipelines[lane % parallelPipelines.length]!));
  const cpuAfter = serverCpu();
  const waited = mainThreadWaited() - waitedBefore;
  reader.stdin.end();
  const latencyLine: IteratorResult<string, unknown> = await readerAnswers.next();
  const latencies = JSON.parse(typeof latencyLine.value === 'string' ? latencyLine.value : '[]') as number[];
  // The bare processes of one execution (the source's git commands, three `true`), 100 sequences at once.
  const bareRate = await flight(parallelTotal, async () => {
    const env = { ...gitEnv, GIT_INDEX_FILE: join(root, `bare-${Math.random()}.index`) };
    const commit = await run('git', ['--git-dir', repo, 'rev-parse', '--verify', '--quiet', 'refs/heads/main^{commit}'], { env });
    await run('git', ['--git-dir', repo, 'show', '--no-patch', '--format=%H', commit], { env });
    await run('git', ['--git-dir', repo, 'read-tree', commit], { env });
    rmSync(env.GIT_INDEX_FILE, { force: true });
    for (let n = 0; n < 3; n += 1) await run('bash', ['-c', 'true']);
  });

  const bashMedian = median(bash);
  const gitMedian = median(git);
  const rows: { name: string; value: number; unit: string; bare: number; bareName: string; target: number; higherIsBetter?: boolean }[] = [
    { name: 'Source + 3 × Commands `true`, start → Succeeded', value: median(chain), unit: 'ms', bare: median(chainBare), bareName: 'git commands + 3 × bash -c true', target: 40 },
    { name: 'one Commands action `true`', value: median(commandsAction), unit: 'ms', bare: bashMedian, bareName: 'bash -c true', target: 8 },
    { name: 'CodeBuild action, one-command buildspec', value: median(buildAction), unit: 'ms', bare: bashMedian, bareName: 'bash -c true', target: 10 },
    { name: 'CodeCommit source after a new commit', value: median(sourceAction), unit: 'ms', bare: gitMedian, bareName: "the source's git commands", target: 10 },
    { name: 'PARALLEL, 100 in flight', value: rate, unit: 'executions/s', bare: bareRate, bareName: 'the same processes, 100 at once', target: 40, higherIsBetter: true },
    { name: 'GetPipelineState p99 under that load', value: percentile(latencies, 99), unit: 'ms', bare: percentile(latencies, 50), bareName: 'its own p50', target: 10 },
  ];
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`\nPipewright real path: a real server (SQLite, filesystem artifacts), the AWS SDK, real processes`);
  console.log(`machine: ${cpus().length} cores, load average ${load}; ${runs} runs each (medians), ${parallelTotal} parallel executions, ${latencies.length} GetPipelineState reads\n`);
  console.log('| measure | figure | bare processes, same run | ratio | target | met |\n|---|---|---|---|---|---|');
  let missed = false;
  for (const row of rows) {
    if (Number.isNaN(row.value)) continue;
    const met = row.higherIsBetter === true ? row.value >= row.target : row.value <= row.target;
    if (!met) missed = true;
    const ratio = row.higherIsBetter === true ? row.bare / row.value : row.value / row.bare;
    console.log(
      `| ${row.name} | ${row.value.toFixed(1)} ${row.unit} | ${row.bareName}: ${row.bare.toFixed(1)} ${row.unit} | ×${ratio.toFixed(1)} | ${row.higherIsBetter === true ? '≥' : '≤'} ${row.target} ${row.unit} | ${met ? 'yes' : 'NO'} |`,
    );
  }
  const perExecution = (key: 'own' | 'mainThread' | 'mainThreadSystem' | 'helpers' | 'children'): string => ((cpuAfter[key] - cpuBefore[key]) / parallelTotal).toFixed(1);
  console.log(
    `\nCPU per parallel execution: server process ${perExecution('own')} ms (its main thread ${perExecution('mainThread')} ms, of which system ${perExecution('mainThreadSystem')} ms), its helper processes (spawner, git readers) ${perExecution('helpers')} ms, the processes it ran ${perExecution('children')} ms${sandboxOff ? ' (sandbox off)' : ''}${niceHelpers !== 0 ? ` (helpers at nice +${niceHelpers})` : ''}.`,
  );
  console.log(`The server's main thread waited for a core ${(waited / parallelTotal).toFixed(1)} ms per parallel execution (runnable, not running).`);
  if (tracing) printTrace(serialTrace, apiTimes);
  process.exitCode = missed ? 1 : 0;
} finally {
  await chainServer.stop();
  rmSync(root, { recursive: true, force: true });
}

/**
 * Where the time of a Commands job and of a source job goes: each step's median time since the action's
 * start (its startTime, as the API gives it, read on the marks' clock), over every traced job of that kind
 * in the serial runs, in the order of those medians; beside it the median time since the step before.
 */
function printTrace(text: string, apiTimes: ReadonlyMap<string, { start: number; end: number }>): void {
  const marks = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JobTraceMark & { wallSkew: number });
  // Date.now() has a resolution of 1 ms: the median of many readings places the API's times to a fraction of that.
  const skew = median(marks.map((mark) => mark.wallSkew));
  const byAction = new Map<string, JobTraceMark[]>();
  for (const mark of marks) byAction.set(mark.actionExecutionId, [...(byAction.get(mark.actionExecutionId) ?? []), mark]);
  for (const [label, prefix] of [
    ['a Commands action', 'build:'],
    ['a CodeCommit source', 'source:'],
  ] as const) {
    const jobs = [...byAction.values()].filter((steps) => steps.some((mark) => mark.step.startsWith(prefix)) && steps.some((mark) => mark.step === 'worker: result committed'));
    const sinceStart = new Map<string, number[]>();
    const sincePrevious = new Map<string, number[]>();
    for (const job of jobs) {
      const api = apiTimes.get(job[0]!.actionExecutionId);
      if (api === undefined) continue;
      const steps = [...job, { actionExecutionId: '', step: 'API: lastUpdateTime', at: api.end - skew }].sort((a, b) => a.at - b.at);
      let before = api.start - skew;
      for (const mark of steps) {
        sinceStart.set(mark.step, [...(sinceStart.get(mark.step) ?? []), mark.at - (api.start - skew)]);
        sincePrevious.set(mark.step, [...(sincePrevious.get(mark.step) ?? []), mark.at - before]);
        before = mark.at;
      }
    }
    if (sinceStart.size === 0) continue;
    console.log(`\nTrace of ${label}, medians over ${jobs.length} jobs (ms since the step before, ms since the action's startTime; clocks ${skew.toFixed(2)} ms apart):`);
    const rows = [...sinceStart].map(([step, values]) => ({ step, at: median(values), step_ms: median(sincePrevious.get(step) ?? []) })).sort((a, b) => a.at - b.at);
    for (const row of rows) console.log(`  ${row.step_ms.toFixed(2).padStart(7)}  ${row.at.toFixed(2).padStart(7)}  ${row.step}`);
  }
}
