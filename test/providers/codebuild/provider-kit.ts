import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LogLine } from '../../../src/core/contracts/action-log.js';
import type { ActionJob, ProviderTools } from '../../../src/core/contracts/action-provider.js';
import type { ArtifactRef } from '../../../src/core/contracts/artifact-store.js';
import type { Store } from '../../../src/core/contracts/store.js';
import { systemClock } from '../../../src/core/clock.js';
import { MovableClock } from '../../kit/movable-clock.js';
import { openArtifactStorage, type ArtifactStorage } from '../../../src/artifacts/index.js';
import { FileLogStore } from '../../../src/artifacts/logs/file-log-store.js';
import { StoreSecretResolver } from '../../../src/engine/secret-resolver.js';
import { openStore } from '../../../src/store/open-store.js';

/**
 * Everything a build provider runs with, for real: a data directory with the filesystem artifact
 * store, the file log store, and a SQLite store behind the secret resolver.
 */
export class ProviderKit {
  private jobs = 0;
  readonly progress: { summary?: string; externalExecutionId?: string }[] = [];

  private constructor(
    readonly root: string,
    readonly dataDir: string,
    readonly store: Store,
    readonly storage: ArtifactStorage,
    readonly logs: FileLogStore,
  ) {}

  /** The jobs' clock: real time, moved ahead by a test to end a window without waiting for it. */
  readonly clock = new MovableClock();

  static async open(): Promise<ProviderKit> {
    const root = mkdtempSync(join(tmpdir(), 'pw-provider-'));
    const dataDir = join(root, 'data');
    return new ProviderKit(
      root,
      dataDir,
      await openStore({ kind: 'sqlite', path: ':memory:' }),
      await openArtifactStorage({ dataDir }),
      new FileLogStore({ dataDir, clock: systemClock }),
    );
  }

  async dispose(): Promise<void> {
    await this.storage.close();
    await this.store.close();
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Writes a project file under `<data-dir>/projects`. */
  project(name: string, content: string): void {
    mkdirSync(join(this.dataDir, 'projects'), { recursive: true });
    writeFileSync(join(this.dataDir, 'projects', name), content);
  }

  /** Stores `files` as an artifact, as a source action would have. */
  async artifact(name: string, files: Record<string, string>): Promise<ArtifactRef> {
    const dir = mkdtempSync(join(this.root, 'in-'));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return this.storage.artifacts.putDirectory(dir, { pipelineName: 'release', artifactName: name, executionId: 'e0' }, { consume: true });
  }

  /** The files of an artifact, by path. */
  async files(ref: ArtifactRef): Promise<Record<string, string>> {
    const checkout = await this.storage.artifacts.checkout(ref, join(this.root, `read-${Math.random().toString(16).slice(2)}`), 'read-only');
    const files: Record<string, string> = {};
    const walk = (dir: string, prefix: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
        else files[`${prefix}${entry.name}`] = readFileSync(join(dir, entry.name), 'utf8');
      }
    };
    walk(checkout.directory, '');
    await checkout.release();
    return files;
  }

  job(action: Partial<ActionJob['action']> & Pick<ActionJob['action'], 'typeId'>, artifacts: Pick<ActionJob, 'inputArtifacts' | 'outputArtifacts'>): ActionJob {
    const n = ++this.jobs;
    return {
      jobId: `0b000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      pipeline: { name: 'release', arn: 'arn:aws:codepipeline:eu-west-1:123456789012:release', version: 1, executionId: `0e000000-0000-4000-8000-${String(n).padStart(12, '0')}` },
      stageName: 'Build',
      action: {
        name: 'Build',
        actionExecutionId: `0a000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        configuration: {},
        region: 'eu-west-1',
        ...action,
      },
      ...artifacts,
      deadline: Date.now() + 3_600_000,
    };
  }

  /** The tools the worker would give the job: its own workspace under `<data-dir>/work/<job>`, its log. */
  tools(job: ActionJob): ProviderTools {
    const workspace = join(this.dataDir, 'work', job.jobId);
    mkdirSync(workspace, { recursive: true });
    return {
      partition: { region: 'eu-west-1', accountId: '123456789012' },
      clock: this.clock,
      dataDir: this.dataDir,
      artifacts: this.storage.artifacts,
      objects: this.storage.objects,
      secrets: new StoreSecretResolver(this.store),
      log: this.logs.open(job.action.actionExecutionId),
      workspace,
      apiUrl: 'http://127.0.0.1:1',
      progress: (update) => this.progress.push(update),
      jobEnded: () => Promise.reject(new Error('builds report through the worker, not the job-worker API')),
    };
  }

  async lines(job: ActionJob): Promise<LogLine[]> {
    return (await this.logs.read(job.action.actionExecutionId, { afterLine: 0, limit: 100_000 })).lines;
  }

  async output(job: ActionJob): Promise<string[]> {
    return (await this.lines(job)).filter((line) => line.stream !== 'system').map((line) => line.text);
  }
}
