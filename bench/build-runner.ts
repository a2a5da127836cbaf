// The build runner's own cost, measured against the plain shell doing the same work in the same run
// (the machine is shared and noisy: only ratios within one run mean something).
//
//   node --import tsx bench/build-runner.ts
//
// 1. Overhead: a buildspec of four phases with one `true` each, run by the whole runner (build number,
//    environment, one bash session per phase with its state carried, the log, process groups), against
//    `bash -c 'true; true; true; true'`. Target: under 30 ms added per build (medians).
// 2. Logging: a build printing 100,000 lines into the action log (pipe, line splitting, masking,
//    records with time and stream, written to the log file), against the same script with its output
//    redirected to a file. Target: at least 80% of the plain redirect's throughput (medians).
// 3. Sandbox: the overhead build of 1. in the bubblewrap sandbox against the same build with the
//    sandbox off (PIPEWRIGHT_BUILD_SANDBOX=off: the same runner, limits still applied), alternated.
//    In the sandbox twice: as a server runs builds (its pool of prepared shells, taken and refilled as
//    build-action.ts does), and cold (the pool off), printed beside it.
//    Target: at most 5 ms added per build (medians). Skipped, and said so, where bwrap cannot run.
//    The data directory is open to other users (0755, as a server makes it with the usual umask), so
//    as root bwrap starts as the build's uid; as root, a third build in a data directory of mode 0700
//    shows the other way (bwrap as root, then setpriv).
// `--sandbox-only` runs part 3 alone (30 rounds); `--overlap` does not wait for a prepared shell's
// refill between builds (see runBuild). The process exits with 1 when a target is missed.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FileLogStore } from '../src/artifacts/logs/file-log-store.js';
import { systemClock } from '../src/core/clock.js';
import type { SecretResolver } from '../src/core/contracts/secret-resolver.js';
import { parseBuildspec } from '../src/providers/codebuild/buildspec/parse-buildspec.js';
import { executeBuild } from '../src/providers/codebuild/execute-build.js';
import { configureSandbox } from '../src/providers/shared/sandbox/current-sandbox.js';
import { preparedSandboxesOf, type PreparedSandboxes } from '../src/providers/shared/sandbox/prepared-sandboxes.js';
import { SandboxLauncher } from '../src/providers/shared/sandbox/sandbox-launcher.js';
import { readSandboxSettings } from '../src/providers/shared/sandbox/sandbox-settings.js';
import { median } from './fixtures/measure.js';

const root = mkdtempSync(join(tmpdir(), 'pw-bench-build-'));
chmodSync(root, 0o755);
const dataDir = join(root, 'data');
/** A data directory only root can enter: a build uid cannot reach its workspaces. */
const closedDataDir = join(root, 'closed', 'data');
mkdirSync(closedDataDir, { recursive: true });
chmodSync(join(root, 'closed'), 0o700);
const logs = new FileLogStore({ dataDir, clock: systemClock });
const sandboxOnly = process.argv.includes('--sandbox-only');
const overlap = process.argv.includes('--overlap');
// Nothing in these buildspecs reads the parameter or secrets store.
const noSecrets: SecretResolver = { parameter: () => Promise.resolve(undefined), secret: () => Promise.resolve(undefined) };
let jobs = 0;

/**
 * One build as a server's CodeBuild or Commands action runs it (build-action.ts). With `prepared`: a
 * shell started ahead is taken from the launcher's pool when one waits (its workspace becomes the
 * build's), and after the result the slot is discarded and the pool refilled, not waited for, as after
 * a server's reported outcome. Its time runs from the take to the result.
 */
async function runBuild(buildspec: string, inDataDir = dataDir, prepared?: PreparedSandboxes): Promise<{ ms: number; lines: number; adopted: boolean }> {
  const job = ++jobs;
  const workRoot = join(inDataDir, 'work');
  const actionExecutionId = `b0000000-0000-4000-8000-${String(job).padStart(12, '0')}`;
  const log = logs.open(actionExecutionId);
  const started = performance.now();
  const slot = prepared?.take(workRoot, 'bench');
  const workspace = slot?.workspace ?? join(workRoot, String(job));
  const srcDir = join(workspace, 'sources', 'Source');
  mkdirSync(srcDir, { recursive: true });
  const result = await executeBuild(
    { projectName: 'bench', buildspec: parseBuildspec(buildspec, 'buildspec.yml'), sources: [{ name: 'Source', dir: srcDir }], outputs: [], variables: [] },
    {
      pipelineName: 'bench',
      region: 'eu-west-1',
      partition: 'aws',
      accountId: '123456789012',
      actionExecutionId,
      dataDir: inDataDir,
      workspace,
      clock: systemClock,
      log,
      secrets: noSecrets,
      signal: new AbortController().signal,
      ...(slot !== undefined ? { prepared: { slot, sourceMounted: false } } : {}),
    },
  );
  await log.close();
  const ms = performance.now() - started;
  prepared?.wants(workRoot, 'bench', 'bash');
  if (result.status !== 'SUCCEEDED') throw new Error(`The bench build failed: ${result.message}`);
  const adopted = slot?.adopted === true;
  if (slot !== undefined) {
    const released = prepared!.finished(workRoot, slot);
    // By default the refill is waited for outside the timed build, so that it does not land on the
    // next kind's build; `--overlap` lets it run on, as on a server (its next job pays its share).
    if (!overlap) await released.then(() => prepared?.idle());
  }
  return { ms, lines: log.lineCount, adopted };
}

async function runPlain(script: string, outputFile: string): Promise<number> {
  const fd = openSync(outputFile, 'w');
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', fd, fd] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bash exited with ${code}`))));
  });
  const ms = performance.now() - started;
  closeSync(fd);
  return ms;
}


/** Alternates the two so both see the same machine; the first rounds warm caches up and are dropped. */
async function alternate(rounds: number, warmup: number, a: () => Promise<number>, b: () => Promise<number>): Promise<{ a: number[]; b: number[] }> {
  const results = { a: [] as number[], b: [] as number[] };
  for (let round = 0; round < warmup + rounds; round++) {
    const timeA = await a();
    const timeB = await b();
    if (round >= warmup) {
      results.a.push(timeA);
      results.b.push(timeB);
    }
  }
  return results;
}

const overheadSpec = `version: 0.2
env:
  shell: bash
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

const lineCount = 100_000;
const printScript = `for i in $(seq 1 ${lineCount}); do echo "line $i of the build output: compiling module $i with some flags and a path /src/module-$i.ts"; done`;
const loggingSpec = `version: 0.2
env:
  shell: bash
phases:
  build:
    commands:
      - '${printScript}'
`;

const sandboxed = new SandboxLauncher(readSandboxSettings({ PIPEWRIGHT_BUILD_PREPARED_SANDBOXES: '0' }), { loopbackOnly: true });
/** The same sandbox with the server's default pool of prepared shells. */
const withPrepared = new SandboxLauncher(readSandboxSettings({}), { loopbackOnly: true });
const preparedPool = preparedSandboxesOf(withPrepared);
let adoptedBuilds = 0;
let preparedBuilds = 0;
const unsandboxed = new SandboxLauncher(readSandboxSettings({ PIPEWRIGHT_BUILD_SANDBOX: 'off' }), { loopbackOnly: true });

/** The overhead build with the given sandbox, in `inDataDir`. */
async function overheadBuildWith(launcher: SandboxLauncher, inDataDir = dataDir): Promise<number> {
  configureSandbox(launcher);
  return (await runBuild(overheadSpec, inDataDir)).ms;
}

/** The overhead build taking a prepared shell when one waits (counted: the figure says how many did). */
async function overheadBuildPrepared(): Promise<number> {
  configureSandbox(withPrepared);
  const { ms, adopted } = await runBuild(overheadSpec, dataDir, preparedPool);
  preparedBuilds++;
  if (adopted) adoptedBuilds++;
  return ms;
}

/** Alternates any number of kinds round by round; the first rounds warm caches up and are dropped. */
async function alternateAll(rounds: number, warmup: number, kinds: Array<() => Promise<number>>): Promise<number[][]> {
  const results = kinds.map(() => [] as number[]);
  for (let round = 0; round < warmup + rounds; round++) {
    for (const [index, kind] of kinds.entries()) {
      const ms = await kind();
      if (round >= warmup) results[index]!.push(ms);
    }
  }
  return results;
}

try {
  const plainFile = join(root, 'plain.out');
  const rows: string[][] = [];
  let summary = 'Build runner benchmark (medians';
  let missed = false;
  if (!sandboxOnly) {
    // The runner's own figures (1 and 2) are taken as the server runs builds: in the sandbox when it can.
    configureSandbox(sandboxed);
    const overhead = await alternate(
      15,
      3,
      async () => (await runBuild(overheadSpec)).ms,
      () => runPlain('true; true; true; true', plainFile),
    );
    let loggedLines = 0;
    const logging = await alternate(
      5,
      1,
      async () => {
        const { ms, lines } = await runBuild(loggingSpec);
        loggedLines = lines;
        return ms;
      },
      () => runPlain(printScript, plainFile),
    );
    const runnerMs = median(overhead.a);
    const plainMs = median(overhead.b);
    const addedMs = runnerMs - plainMs;
    const logMs = median(logging.a);
    const redirectMs = median(logging.b);
    const logRate = lineCount / (logMs / 1000);
    const redirectRate = lineCount / (redirectMs / 1000);
    const ratio = logRate / redirectRate;
    rows.push(
      ['four phases of `true`, runner', `${runnerMs.toFixed(1)} ms`, ''],
      ["bash -c 'true; true; true; true'", `${plainMs.toFixed(1)} ms`, ''],
      ['added by the runner', `${addedMs.toFixed(1)} ms`, `target < 30 ms: ${addedMs < 30 ? 'MET' : 'MISSED'}`],
      [`${lineCount} lines into the action log`, `${logMs.toFixed(0)} ms, ${Math.round(logRate)} lines/s`, ''],
      [`${lineCount} lines redirected to a file`, `${redirectMs.toFixed(0)} ms, ${Math.round(redirectRate)} lines/s`, ''],
      ['logging throughput / plain redirect', `${(ratio * 100).toFixed(0)} %`, `target ≥ 80 %: ${ratio >= 0.8 ? 'MET' : 'MISSED'}`],
    );
    summary += `; overhead ${overhead.a.length} rounds, logging ${logging.a.length} rounds; ${loggedLines} log lines per logging build`;
    missed ||= addedMs >= 30 || ratio < 0.8;
  }

  if (sandboxed.status.kind !== 'bwrap') {
    rows.push(['sandbox', 'not measured', `bubblewrap cannot run here (${sandboxed.status.reason})`]);
  } else {
    // Prepared (as a server runs builds: its pool), cold (the pool off), sandbox off.
    const kinds = [() => overheadBuildPrepared(), () => overheadBuildWith(sandboxed), () => overheadBuildWith(unsandboxed)];
    // As root, the same build in a data directory the build's uid cannot enter (bwrap as root, then setpriv).
    const asRoot = process.getuid?.() === 0;
    if (asRoot) kinds.push(() => overheadBuildWith(sandboxed, closedDataDir));
    const rounds = sandboxOnly ? 30 : 15;
    const [inPrepared, inSandbox, off, closed] = await alternateAll(rounds, 3, kinds);
    await preparedPool.close();
    const preparedMs = median(inPrepared!);
    const sandboxMs = median(inSandbox!);
    const bareMs = median(off!);
    const sandboxAddedMs = preparedMs - bareMs;
    const fastest = (times: number[]): number => Math.min(...times);
    rows.push(
      [`four phases of \`true\`, in the sandbox, prepared shell (${adoptedBuilds} of ${preparedBuilds} builds took one)`, `${preparedMs.toFixed(1)} ms`, ''],
      [`four phases of \`true\`, in the sandbox, cold${asRoot ? ' (bwrap as the build uid)' : ''}`, `${sandboxMs.toFixed(1)} ms`, ''],
      ['four phases of `true`, sandbox off', `${bareMs.toFixed(1)} ms`, ''],
      ['added by the sandbox (prepared, as a server runs builds)', `${sandboxAddedMs.toFixed(1)} ms`, `target ≤ 5 ms: ${sandboxAddedMs <= 5 ? 'MET' : 'MISSED'}`],
      // The least disturbed figures on a loaded machine: the fastest build of each kind.
      ['added, fastest of each (prepared)', `${(fastest(inPrepared!) - fastest(off!)).toFixed(1)} ms`, `(${fastest(inPrepared!).toFixed(1)} against ${fastest(off!).toFixed(1)} ms)`],
      ['added by the cold sandbox', `${(sandboxMs - bareMs).toFixed(1)} ms`, `fastest ${(fastest(inSandbox!) - fastest(off!)).toFixed(1)} ms`],
    );
    if (closed !== undefined) {
      rows.push(
        ['added, data directory 0700 (bwrap as root, setpriv)', `${(median(closed) - bareMs).toFixed(1)} ms`, `fastest ${(fastest(closed) - fastest(off!)).toFixed(1)} ms`],
      );
    }
    summary += `; sandbox ${rounds} rounds${overlap ? ', refills overlapping the next builds' : ', refills waited for between builds'}`;
    missed ||= sandboxAddedMs > 5;
  }
  const width = Math.max(...rows.map((row) => row[0]!.length));
  const valueWidth = Math.max(...rows.map((row) => row[1]!.length));
  console.log(`${summary})`);
  for (const [what, value, verdict] of rows) console.log(`  ${what!.padEnd(width)}  ${value!.padStart(valueWidth)}  ${verdict}`);
  if (missed) process.exitCode = 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
