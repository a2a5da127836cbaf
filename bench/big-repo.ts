/**
 * What a big repository costs a CodeCommit source after a one-file change (issue 20: "proportional to
 * the change, not to the repository"). A real server in a process of its own (as `npm start` starts it:
 * SQLite, filesystem artifacts), the AWS SDK, real git. Three hosted repositories of the same 2,000
 * files (mixed sizes, generated here) scaled to 1 MB, 50 MB and 100 MB; each has a pipeline of its
 * CodeCommit source and one Commands action `true` consuming the source's artifact. Every run changes
 * one 4 KB file (a commit in a working clone, pushed by path: no trigger) and runs the pipeline.
 *
 *   node --import tsx bench/big-repo.ts [--runs 7] [--sizes 1,50,100] [--trace] [--no-sandbox]
 *
 * Printed per size, as medians: the source action and the Commands action (ListActionExecutions,
 * startTime → lastUpdateTime), the bare git of the same run (`git commit` of the change and
 * `git diff --stat` of it), the ratio, and what each run added to the artifact store's blobs (files,
 * bytes). Targets: the largest repository's source and Commands action cost at most 2× the 1 MB
 * repository's at the same change (the file count is the same: only the bytes differ), and a run stores
 * at most 2× the changed bytes. Exits with 1 when one is missed. `--trace` loads the job-trace
 * subscriber (bench/fixtures/job-trace-subscriber.ts) and prints the steps of the last source and
 * Commands job of the largest repository. `--no-sandbox` runs builds with PIPEWRIGHT_BUILD_SANDBOX=off,
 * to show the sandbox's share of the Commands action (it hands every file of the input to the build's user).
 */
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreatePipelineCommand, GetPipelineExecutionCommand, ListActionExecutionsCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import type { PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { benchClient, freePort, waitUntilServing } from './fixtures/bench-server.js';
import { median, runProcess, timed } from './fixtures/measure.js';

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
};
const runs = Number(argument('--runs', '7')) || 7;
const sizes = argument('--sizes', '1,50,100').split(',').map(Number);
const tracing = process.argv.includes('--trace');
const sandboxOff = process.argv.includes('--no-sandbox');
const fileCount = 2000;
const changedBytes = 4096;

const root = mkdtempSync(join(tmpdir(), 'pipewright-bench-big-'));
const dataDir = join(root, 'data');
const traceFile = join(root, 'trace.jsonl');
const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: root };

const run = (command: string, args: readonly string[], cwd?: string): Promise<string> => runProcess(command, args, { env: gitEnv, ...(cwd !== undefined ? { cwd } : {}) });



/** The same 2,000 paths and relative sizes for every total: most files small, a few large (assets). */
function generateTree(directory: string, totalBytes: number): void {
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const weights = Array.from({ length: fileCount }, () => (random() < 0.95 ? 1 + random() * 8 : 40 + random() * 400));
  const sum = weights.reduce((total, weight) => total + weight, 0);
  const buffer = Buffer.alloc(totalBytes);
  for (const [index, weight] of weights.entries()) {
    const folder = join(directory, `module-${index % 23}`, `part-${index % 7}`);
    mkdirSync(folder, { recursive: true });
    const size = Math.max(16, Math.floor((weight / sum) * totalBytes));
    // Hex text: git compresses it about as it compresses source code.
    randomFillSync(buffer, 0, Math.ceil(size / 2));
    writeFileSync(join(folder, `file-${index}.txt`), buffer.subarray(0, Math.ceil(size / 2)).toString('hex').slice(0, size));
  }
  writeFileSync(join(directory, 'changing.txt'), 'first\n');
}

/** Files and bytes under the store's blobs/ (hard links counted once per name: blobs have one name each). */
function blobTotals(): { files: number; bytes: number } {
  const blobs = join(dataDir, 'artifacts', 'blobs');
  let files = 0;
  let bytes = 0;
  for (const shard of readdirSync(blobs)) {
    for (const name of readdirSync(join(blobs, shard))) {
      files += 1;
      bytes += statSync(join(blobs, shard, name)).size;
    }
  }
  return { files, bytes };
}


const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const traceImport = tracing ? ['--import', './bench/fixtures/job-trace-subscriber.ts'] : [];
const server = spawn(process.execPath, ['--v8-pool-size=0', '--import', 'tsx', ...traceImport, 'src/cli/main.ts', 'server', '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir, '--no-demo'], {
  env: { ...process.env, PIPEWRIGHT_LOG_LEVEL: 'warn', BENCH_TRACE_FILE: traceFile, ...(sandboxOff ? { PIPEWRIGHT_BUILD_SANDBOX: 'off' } : {}) },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const serverExited = new Promise<void>((resolve) => server.once('exit', () => resolve()));

interface Row {
  megabytes: number;
  source: number;
  commands: number;
  bare: number;
  storedFiles: number;
  storedBytes: number;
}

try {
  await waitUntilServing(server, url);
  const client = benchClient(url);

  async function execute(name: string): Promise<string> {
    const { pipelineExecutionId: id } = await client.send(new StartPipelineExecutionCommand({ name }));
    if (id === undefined) throw new Error('no execution id');
    for (;;) {
      const status = (await client.send(new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId: id }))).pipelineExecution?.status;
      if (status === 'Succeeded') return id;
      if (status !== 'InProgress') throw new Error(`execution ${id} of ${name} ended ${status}`);
      await sleep(20);
    }
  }

  async function actionTimes(pipelineName: string, executionId: string): Promise<Map<string, number>> {
    const listed = await client.send(new ListActionExecutionsCommand({ pipelineName, filter: { pipelineExecutionId: executionId } }));
    return new Map((listed.actionExecutionDetails ?? []).map((detail) => [detail.actionName ?? '', (detail.lastUpdateTime?.getTime() ?? 0) - (detail.startTime?.getTime() ?? 0)]));
  }

  // Every size is set up first; then the runs go round the sizes, so a change in the machine's load
  // (it is shared) falls on every size alike.
  const repositories: { megabytes: number; name: string; work: string; hosted: string; source: number[]; commands: number[]; bare: number[]; storedFiles: number[]; storedBytes: number[] }[] = [];
  for (const megabytes of sizes) {
    const name = `big-${megabytes}`;
    const created = await fetch(`${url}/api/repos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    if (created.status !== 201) throw new Error(`creating the repository answered ${created.status}`);
    const work = join(root, name);
    mkdirSync(work);
    await run('git', ['init', '--quiet', '--initial-branch', 'main'], work);
    generateTree(work, megabytes * 1024 * 1024);
    await run('git', ['add', '.'], work);
    await run('git', ['commit', '--quiet', '-m', 'The tree'], work);
    const hosted = join(dataDir, 'repos', name);
    await run('git', ['push', '--quiet', hosted, 'main'], work);
    const declaration = {
      name,
      roleArn: 'arn:aws:iam::123456789012:role/bench',
      artifactStore: { type: 'S3', location: 'bench' },
      pipelineType: 'V2',
      executionMode: 'QUEUED',
      stages: [
        { name: 'Source', actions: [{ name: 'Source', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' }, configuration: { RepositoryName: name, BranchName: 'main', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'Src' }] }] },
        { name: 'Use', actions: [{ name: 'True', actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' }, commands: ['true'], inputArtifacts: [{ name: 'Src' }] }] },
      ],
    } as PipelineDeclaration;
    await client.send(new CreatePipelineCommand({ pipeline: declaration }));
    // Warm-up: the first run stores the whole tree; the second settles caches.
    await execute(name);
    await execute(name);
    repositories.push({ megabytes, name, work, hosted, source: [], commands: [], bare: [], storedFiles: [], storedBytes: [] });
  }

  for (let i = 0; i < runs; i += 1) {
    for (const repository of repositories) {
      const { name, work, hosted } = repository;
      const content = Buffer.alloc(changedBytes / 2);
      randomFillSync(content);
      writeFileSync(join(work, 'changing.txt'), content.toString('hex'));
      const commitMs = await timed(() => run('git', ['commit', '--quiet', '-am', `Change ${i}`], work));
      const diffMs = await timed(() => run('git', ['diff', '--stat', 'HEAD~1', 'HEAD'], work));
      await run('git', ['push', '--quiet', hosted, 'main'], work);
      const before = blobTotals();
      const id = await execute(name);
      const after = blobTotals();
      const times = await actionTimes(name, id);
      repository.source.push(times.get('Source') ?? Number.NaN);
      repository.commands.push(times.get('True') ?? Number.NaN);
      repository.bare.push(commitMs + diffMs);
      repository.storedFiles.push(after.files - before.files);
      repository.storedBytes.push(after.bytes - before.bytes);
    }
  }
  const rows: Row[] = repositories.map((repository) => ({
    megabytes: repository.megabytes,
    source: median(repository.source),
    commands: median(repository.commands),
    bare: median(repository.bare),
    storedFiles: median(repository.storedFiles),
    storedBytes: median(repository.storedBytes),
  }));

  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`\nPipewright big repositories: ${fileCount} files, one ${changedBytes}-byte file changed per run; a real server, the AWS SDK, real git`);
  console.log(`machine: ${cpus().length} cores, load average ${load}; ${runs} runs per size (medians)${sandboxOff ? '; builds not sandboxed' : ''}\n`);
  console.log('| repository | source action | Commands `true` | bare git (commit + diff --stat) | source ÷ bare | stored per run |\n|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.megabytes} MB | ${row.source.toFixed(1)} ms | ${row.commands.toFixed(1)} ms | ${row.bare.toFixed(1)} ms | ×${(row.source / row.bare).toFixed(1)} | ${row.storedFiles} blobs, ${(row.storedBytes / 1024).toFixed(1)} KiB |`,
    );
  }
  const smallest = rows[0]!;
  const largest = rows.at(-1)!;
  const checks = [
    { what: `source action, ${largest.megabytes} MB ÷ ${smallest.megabytes} MB`, value: largest.source / smallest.source, target: 2 },
    { what: `Commands \`true\`, ${largest.megabytes} MB ÷ ${smallest.megabytes} MB`, value: largest.commands / smallest.commands, target: 2 },
    { what: `bytes stored per run ÷ bytes changed (${largest.megabytes} MB)`, value: largest.storedBytes / changedBytes, target: 2 },
  ];
  console.log('');
  let missed = false;
  for (const check of checks) {
    const met = check.value <= check.target;
    if (!met) missed = true;
    console.log(`${met ? 'PASS' : 'MISS'}  ${check.what}: ×${check.value.toFixed(2)} (target ≤ ×${check.target})`);
  }
  if (tracing) printTrace(readFileSync(traceFile, 'utf8'));
  process.exitCode = missed ? 1 : 0;
} finally {
  server.kill('SIGTERM');
  await serverExited;
  rmSync(root, { recursive: true, force: true });
}

/** The last traced source job and Commands job: each step, ms since the step before and since the claim. */
function printTrace(text: string): void {
  const marks = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { actionExecutionId: string; step: string; at: number });
  const byAction = new Map<string, typeof marks>();
  for (const mark of marks) byAction.set(mark.actionExecutionId, [...(byAction.get(mark.actionExecutionId) ?? []), mark]);
  for (const prefix of ['source:', 'build:']) {
    const job = [...byAction.values()].findLast((steps) => steps.some((mark) => mark.step.startsWith(prefix)));
    if (job === undefined) continue;
    console.log(`\nTrace of the last ${prefix === 'source:' ? 'source' : 'Commands'} job (ms since the step before, since the first):`);
    let before = job[0]!.at;
    for (const mark of job) {
      console.log(`  ${(mark.at - before).toFixed(2).padStart(8)}  ${(mark.at - job[0]!.at).toFixed(2).padStart(8)}  ${mark.step}`);
      before = mark.at;
    }
  }
}
