/**
 * The engine's own overhead, measured (issue 3). Run: node --import tsx bench/engine-orchestration.ts
 *
 * A 3-stage pipeline whose actions do nothing (a provider that answers at once, reusing one stored
 * artifact), on embedded SQLite, through the real API (AWS SDK over HTTP) and the real worker:
 *  (a) orchestration overhead: StartPipelineExecution → Succeeded, minus the actions' own time; p50/p99
 *      over 200 runs, one at a time.                                         target: p50 < 15 ms
 *  (b) executions per second in PARALLEL mode with 100 in flight.           target: ≥ 200 /s
 *  (c) GetPipelineState latency while (b) runs.                              target: p99 < 10 ms
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CodePipelineClient,
  CreateCustomActionTypeCommand,
  CreatePipelineCommand,
  GetPipelineStateCommand,
  StartPipelineExecutionCommand,
  type ActionCategory,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import { pino } from 'pino';
import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../src/core/contracts/action-provider.js';
import type { ArtifactRef } from '../src/core/contracts/artifact-store.js';
import type { StateChange } from '../src/core/execution/effects.js';
import { resolveServerConfig } from '../src/server/config.js';
import { startServer } from '../src/server/start-server.js';

const categories: ActionCategory[] = ['Source', 'Build', 'Deploy'];

/** The actions that do nothing: they answer at once with an artifact stored once, and time themselves. */
class NothingProvider implements ActionProvider {
  readonly actionTypes = categories.map((category) => ({ category, owner: 'Custom' as const, provider: 'Nothing', version: '1' }));
  readonly rerunnable = true;
  readonly ownTime = new Map<string, number>();
  artifact: ArtifactRef | undefined;

  run(job: ActionJob, _tools: ProviderTools): Promise<ActionOutcome> {
    const started = performance.now();
    const outputs = Object.fromEntries(job.outputArtifacts.map((output) => [output.name, this.artifact!]));
    const outcome: ActionOutcome = { status: 'Succeeded', outputArtifacts: outputs };
    const executionId = job.pipeline.executionId;
    this.ownTime.set(executionId, (this.ownTime.get(executionId) ?? 0) + performance.now() - started);
    return Promise.resolve(outcome);
  }
}

function pipeline(name: string, mode: 'SUPERSEDED' | 'PARALLEL'): PipelineDeclaration {
  const action = (category: ActionCategory, input?: string, output?: string) => ({
    name: `${category}Nothing`,
    actionTypeId: { category, owner: 'Custom' as const, provider: 'Nothing', version: '1' },
    ...(input !== undefined ? { inputArtifacts: [{ name: input }] } : {}),
    ...(output !== undefined ? { outputArtifacts: [{ name: output }] } : {}),
  });
  return {
    name,
    roleArn: 'arn:aws:iam::123456789012:role/bench',
    artifactStore: { type: 'S3', location: 'bench' },
    pipelineType: 'V2',
    executionMode: mode,
    stages: [
      { name: 'Source', actions: [action('Source', undefined, 'Src')] },
      { name: 'Build', actions: [action('Build', 'Src', 'Bin')] },
      { name: 'Deploy', actions: [action('Deploy', 'Bin')] },
    ],
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-bench-'));
  const provider = new NothingProvider();
  const config = resolveServerConfig({ host: '127.0.0.1', port: 0, dataDir }, {});
  config.limits.maxConcurrentExecutions = 200;
  config.workerConcurrency = 64;
  const server = await startServer(config, { logger: pino({ level: 'warn' }), extraProviders: [provider] });
  const client = new CodePipelineClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
  try {
    const empty = mkdtempSync(join(tmpdir(), 'pipewright-bench-empty-'));
    provider.artifact = await (await import('../src/artifacts/open-artifact-storage.js'))
      .openArtifactStorage({ dataDir })
      .then((storage) => storage.artifacts.putDirectory(empty, { pipelineName: 'bench', artifactName: 'Src', executionId: 'bench' }));
    for (const category of categories) {
      await client.send(
        new CreateCustomActionTypeCommand({
          category,
          provider: 'Nothing',
          version: '1',
          inputArtifactDetails: { minimumCount: 0, maximumCount: 5 },
          outputArtifactDetails: { minimumCount: 0, maximumCount: 5 },
        }),
      );
    }
    const finished = new Map<string, (at: number) => void>();
    server.engine.signals.on('stateChanged', ({ changes }) => {
      const at = performance.now();
      for (const change of changes as StateChange[]) {
        if (change.entity === 'pipeline' && change.state === 'SUCCEEDED') finished.get(change.executionId)?.(at);
      }
    });
    const runOnce = async (name: string): Promise<{ total: number; own: number }> => {
      const started = performance.now();
      let resolveDone: (at: number) => void = () => undefined;
      const done = new Promise<number>((resolve) => {
        resolveDone = resolve;
      });
      const { pipelineExecutionId } = await client.send(new StartPipelineExecutionCommand({ name }));
      finished.set(pipelineExecutionId!, resolveDone);
      const ended = await done;
      finished.delete(pipelineExecutionId!);
      return { total: ended - started, own: provider.ownTime.get(pipelineExecutionId!) ?? 0 };
    };

    // (a) One at a time: the whole path of one execution.
    await client.send(new CreatePipelineCommand({ pipeline: pipeline('serial', 'SUPERSEDED') }));
    for (let i = 0; i < 20; i += 1) await runOnce('serial');
    const overheads: number[] = [];
    for (let i = 0; i < Number(process.env.BENCH_SERIAL_RUNS ?? 200); i += 1) {
      const { total, own } = await runOnce('serial');
      overheads.push(total - own);
    }

    // (b) and (c): 100 executions in flight in PARALLEL mode, GetPipelineState polled meanwhile.
    await client.send(new CreatePipelineCommand({ pipeline: pipeline('parallel', 'PARALLEL') }));
    const total = Number(process.env.BENCH_PARALLEL_TOTAL ?? 2000);
    let started = 0;
    let completed = 0;
    const stateLatencies: number[] = [];
    let loadRunning = true;
    const stateLoop = (async () => {
      while (loadRunning) {
        const before = performance.now();
        await client.send(new GetPipelineStateCommand({ name: 'parallel' }));
        stateLatencies.push(performance.now() - before);
      }
    })();
    const loadStarted = performance.now();
    await new Promise<void>((resolve) => {
      const launch = (): void => {
        if (started >= total) return;
        started += 1;
        void runOnce('parallel').then(() => {
          completed += 1;
          if (completed === total) resolve();
          else launch();
        });
      };
      for (let i = 0; i < 100; i += 1) launch();
    });
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    loadRunning = false;
    await stateLoop;

    const rows = [
      ['(a) overhead p50', `${percentile(overheads, 50).toFixed(2)} ms`, '< 15 ms', percentile(overheads, 50) < 15],
      ['(a) overhead p99', `${percentile(overheads, 99).toFixed(2)} ms`, '(reported)', true],
      ['(b) executions/s, 100 in flight', `${(total / loadSeconds).toFixed(0)} /s`, '≥ 200 /s', total / loadSeconds >= 200],
      ['(c) GetPipelineState p50 under load', `${percentile(stateLatencies, 50).toFixed(2)} ms`, '(reported)', true],
      ['(c) GetPipelineState p99 under load', `${percentile(stateLatencies, 99).toFixed(2)} ms`, '< 10 ms', percentile(stateLatencies, 99) < 10],
    ] as const;
    console.log('\nPipewright engine orchestration (embedded SQLite, 3 stages of actions that do nothing)\n');
    console.log('| measure | figure | target | met |\n|---|---|---|---|');
    for (const [measure, figure, target, met] of rows) console.log(`| ${measure} | ${figure} | ${target} | ${met ? 'yes' : 'NO'} |`);
    console.log(`\n${overheads.length} serial runs; ${total} parallel executions in ${loadSeconds.toFixed(2)} s; ${stateLatencies.length} GetPipelineState calls.`);
    process.exitCode = rows.every((row) => row[3]) ? 0 : 1;
  } finally {
    client.destroy();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
