/**
 * Scale-out on this machine: executions per second with 1 and 2 server replicas (PostgreSQL, artifacts
 * on an S3-compatible server, s3rver) and 1, 2 and 4 `pipewright worker` processes, and what a second
 * replica adds to GetPipelineState's latency. Every process is the real CLI; the servers run no jobs
 * (PIPEWRIGHT_WORKER_CONCURRENCY=0), the workers run them all (2 at a time each). Each execution is a
 * CodeCommit source (fetched by the worker over the server's /git) and a Commands action (`true`), in
 * PARALLEL mode, started on alternating replicas. Short runs (this machine is shared: 2 cores), under
 * `nice`; needs PIPEWRIGHT_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 *
 *  (a) executions/s, per replicas × workers.                         target: 2 workers ≥ 0.8 × 1 worker
 *      (on 2 cores more workers cannot add much; they must not cost)         2 replicas ≥ 0.7 × 1 replica
 *  (b) GetPipelineState p50 and p95 on replica 1 while executions run,
 *      with 1 and with 2 replicas.                                   target: 2nd replica adds < 10 ms p50
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand, GetPipelineExecutionCommand, GetPipelineStateCommand, StartPipelineExecutionCommand, type CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { openStore } from '../src/store/open-store.js';
import { dropTestSchema } from '../src/store/test-kit/store-dialects.js';
import { startTestS3 } from '../test/artifacts/kit/s3-server.js';
import { codeCommitSource, declaration, hostedRepository } from '../test/kit/pipelines.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../test/kit/server-process.js';
import { startWorkerProcess, type WorkerProcess } from '../test/kit/worker-process.js';

const url = process.env.PIPEWRIGHT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const executionsPerRun = Number(process.env.SCALE_OUT_EXECUTIONS ?? 16);

interface Measured {
  replicas: number;
  workers: number;
  perSecond: number;
  stateP50: number;
  stateP95: number;
}

async function main(): Promise<void> {
  const schema = `pw_bench_${randomBytes(6).toString('hex')}`;
  const scratch = mkdtempSync(join(tmpdir(), 'pipewright-scale-out-'));
  const s3 = await startTestS3(['artifacts']);
  const store = await openStore({ kind: 'postgres', url, schema });
  await store.close();
  const settings = s3.settings;
  const shared = {
    PIPEWRIGHT_S3_BUCKET: settings.bucket,
    PIPEWRIGHT_S3_ENDPOINT: settings.endpoint!,
    PIPEWRIGHT_S3_REGION: settings.region!,
    PIPEWRIGHT_S3_ACCESS_KEY_ID: settings.credentials!.accessKeyId,
    PIPEWRIGHT_S3_SECRET_ACCESS_KEY: settings.credentials!.secretAccessKey,
    PIPEWRIGHT_REPOS_DIR: join(scratch, 'repos'),
  };
  const serverEnv = {
    ...shared,
    PIPEWRIGHT_WORKER_CONCURRENCY: '0',
    PIPEWRIGHT_DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
  };
  // hostedRepository writes <dir>/repos/<name>: the shared directory is <scratch>/repos.
  await hostedRepository(scratch, 'bench', { 'README.md': 'scale-out\n' });
  const servers: ServerProcess[] = [];
  const workers: WorkerProcess[] = [];
  const results: Measured[] = [];
  try {
    servers.push(await startServerProcess(join(scratch, 'server-1'), serverEnv));
    await servers[0]!.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(
          'bench',
          [
            { name: 'Source', actions: [codeCommitSource('bench')] },
            { name: 'Build', actions: [{ name: 'Noop', actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' }, inputArtifacts: [{ name: 'Src' }], commands: ['true'] }] },
          ],
          { pipelineType: 'V2', executionMode: 'PARALLEL' },
        ),
      }),
    );
    const setWorkers = async (count: number): Promise<void> => {
      while (workers.length > count) {
        const stopping = workers.pop()!;
        stopping.child.kill('SIGTERM');
        await stopping.exited;
      }
      while (workers.length < count) {
        const index = workers.length;
        const server = servers[index % servers.length]!;
        workers.push(await startWorkerProcess(server.url, join(scratch, `worker-${index}-${servers.length}`), shared, ['--concurrency', '2']));
      }
    };
    for (const count of [1, 2, 4]) {
      await setWorkers(count);
      results.push(await measure(servers, count));
    }
    await setWorkers(0);
    servers.push(await startServerProcess(join(scratch, 'server-2'), serverEnv));
    for (const count of [1, 2, 4]) {
      await setWorkers(count);
      results.push(await measure(servers, count));
    }
  } finally {
    for (const worker of workers) worker.child.kill('SIGKILL');
    for (const server of servers) await stopServerProcess(server).catch(() => server.child.kill('SIGKILL'));
    await s3.close();
    await dropTestSchema(url, schema);
    rmSync(scratch, { recursive: true, force: true });
  }
  report(results);
}

/** Starts a batch of executions on alternating replicas and waits for all; samples GetPipelineState on replica 1 meanwhile. */
async function measure(servers: readonly ServerProcess[], workers: number): Promise<Measured> {
  const startedAt = performance.now();
  const ids: { client: CodePipelineClient; id: string }[] = [];
  for (let index = 0; index < executionsPerRun; index += 1) {
    const { client } = servers[index % servers.length]!;
    const { pipelineExecutionId } = await client.send(new StartPipelineExecutionCommand({ name: 'bench' }));
    ids.push({ client, id: pipelineExecutionId! });
  }
  const latencies: number[] = [];
  const reader = servers[0]!.client;
  let pending = [...ids];
  while (pending.length > 0) {
    const before = performance.now();
    await reader.send(new GetPipelineStateCommand({ name: 'bench' }));
    latencies.push(performance.now() - before);
    const still: typeof pending = [];
    for (const entry of pending) {
      const { pipelineExecution } = await entry.client.send(new GetPipelineExecutionCommand({ pipelineName: 'bench', pipelineExecutionId: entry.id }));
      if (pipelineExecution?.status === 'InProgress') still.push(entry);
      else if (pipelineExecution?.status !== 'Succeeded') throw new Error(`execution ${entry.id} ended ${pipelineExecution?.status}: ${pipelineExecution?.statusSummary ?? ''}`);
    }
    pending = still;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - startedAt) / 1000;
  latencies.sort((x, y) => x - y);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const measured = { replicas: servers.length, workers, perSecond: executionsPerRun / seconds, stateP50: at(0.5), stateP95: at(0.95) };
  console.log(`replicas ${measured.replicas}, workers ${workers}: ${measured.perSecond.toFixed(2)} executions/s; GetPipelineState p50 ${measured.stateP50.toFixed(1)} ms, p95 ${measured.stateP95.toFixed(1)} ms`);
  return measured;
}

function report(results: readonly Measured[]): void {
  const of = (replicas: number, workers: number) => results.find((result) => result.replicas === replicas && result.workers === workers)!;
  console.log(`\n${executionsPerRun} executions per run (source + Commands), PARALLEL mode\n`);
  console.log('| replicas | workers | executions/s | GetPipelineState p50 | p95 |\n|---|---|---|---|---|');
  for (const result of results) console.log(`| ${result.replicas} | ${result.workers} | ${result.perSecond.toFixed(2)} | ${result.stateP50.toFixed(1)} ms | ${result.stateP95.toFixed(1)} ms |`);
  const rows: [string, string, string, boolean][] = [];
  for (const replicas of [1, 2]) {
    const ratio = of(replicas, 2).perSecond / of(replicas, 1).perSecond;
    rows.push([`${replicas} replica(s): 2 workers ÷ 1 worker`, ratio.toFixed(2), '≥ 0.8', ratio >= 0.8]);
  }
  const replicaRatio = of(2, 4).perSecond / of(1, 4).perSecond;
  rows.push(['4 workers: 2 replicas ÷ 1 replica', replicaRatio.toFixed(2), '≥ 0.7', replicaRatio >= 0.7]);
  const added = of(2, 4).stateP50 - of(1, 4).stateP50;
  rows.push(['GetPipelineState p50 added by a 2nd replica (4 workers)', `${added.toFixed(1)} ms`, '< 10 ms', added < 10]);
  console.log('\n| measure | figure | target | met |\n|---|---|---|---|');
  for (const [measure, figure, target, met] of rows) console.log(`| ${measure} | ${figure} | ${target} | ${met ? 'yes' : 'NO'} |`);
  process.exitCode = rows.every((row) => row[3]) ? 0 : 1;
}

await main();
