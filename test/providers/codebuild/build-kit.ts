import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LogLine } from '../../../src/core/contracts/action-log.js';
import type { Store } from '../../../src/core/contracts/store.js';
import { systemClock } from '../../../src/core/clock.js';
import { MovableClock } from '../../kit/movable-clock.js';
import { FileLogStore } from '../../../src/artifacts/logs/file-log-store.js';
import type { FileActionLog } from '../../../src/artifacts/logs/file-action-log.js';
import { StoreSecretResolver } from '../../../src/engine/secret-resolver.js';
import { parseBuildspec } from '../../../src/providers/codebuild/buildspec/parse-buildspec.js';
import { executeBuild, type BuildContext, type BuildPlan, type BuildResult } from '../../../src/providers/codebuild/execute-build.js';
import { openStore } from '../../../src/store/open-store.js';

/**
 * A real place to run builds in: a data directory, a job workspace with source directories, the file
 * log store, and a SQLite store behind the secret resolver.
 */
export class BuildKit {
  readonly root = mkdtempSync(join(tmpdir(), 'pw-build-'));
  readonly dataDir = join(this.root, 'data');
  readonly logs = new FileLogStore({ dataDir: this.dataDir, clock: systemClock });
  /** The builds' clock: real time, moved ahead by a test to pass a timeout without waiting for it. */
  readonly clock = new MovableClock();
  private jobs = 0;

  private constructor(readonly store: Store) {}

  static async open(): Promise<BuildKit> {
    return new BuildKit(await openStore({ kind: 'sqlite', path: ':memory:' }));
  }

  async dispose(): Promise<void> {
    await this.store.close();
    rmSync(this.root, { recursive: true, force: true });
  }

  /** A new job: its workspace and a source directory per input, filled with `files`. */
  job(sources: Record<string, Record<string, string>> = { Source: {} }): Job {
    const id = `job-${++this.jobs}`;
    const workspace = join(this.root, 'work', id);
    const dirs = Object.entries(sources).map(([name, files]) => {
      const dir = join(workspace, 'sources', name);
      mkdirSync(dir, { recursive: true });
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      return { name, dir };
    });
    const actionExecutionId = `a0000000-0000-4000-8000-${String(this.jobs).padStart(12, '0')}`;
    return new Job(this, workspace, dirs, actionExecutionId, this.logs.open(actionExecutionId));
  }
}

export class Job {
  constructor(
    readonly kit: BuildKit,
    readonly workspace: string,
    readonly sources: { name: string; dir: string }[],
    readonly actionExecutionId: string,
    readonly log: FileActionLog,
  ) {}

  get srcDir(): string {
    return this.sources[0]!.dir;
  }

  context(overrides: Partial<BuildContext> = {}): BuildContext {
    return {
      pipelineName: 'my-pipeline',
      region: 'eu-west-1',
      partition: 'aws',
      accountId: '123456789012',
      actionExecutionId: this.actionExecutionId,
      dataDir: this.kit.dataDir,
      workspace: this.workspace,
      clock: this.kit.clock,
      log: this.log,
      secrets: new StoreSecretResolver(this.kit.store),
      signal: new AbortController().signal,
      killGraceMs: 500,
      ...overrides,
    };
  }

  plan(buildspec: string, overrides: Partial<BuildPlan> = {}): BuildPlan {
    return {
      projectName: 'my-project',
      buildspec: parseBuildspec(buildspec, 'buildspec.yml'),
      sources: this.sources.map((source, index) => ({ ...source, ...(index === 0 ? { revision: 'abc123', location: { bucket: 'artifacts', key: 'my-pipeline/Source/k1' } } : {}) })),
      outputs: [],
      variables: [],
      ...overrides,
    };
  }

  async run(buildspec: string, overrides: { plan?: Partial<BuildPlan>; context?: Partial<BuildContext> } = {}): Promise<BuildResult> {
    return executeBuild(this.plan(buildspec, overrides.plan), this.context(overrides.context));
  }

  async lines(): Promise<LogLine[]> {
    return (await this.kit.logs.read(this.actionExecutionId, { afterLine: 0, limit: 100_000 })).lines;
  }

  async output(): Promise<string[]> {
    return (await this.lines()).filter((line) => line.stream !== 'system').map((line) => line.text);
  }

  async system(): Promise<string[]> {
    return (await this.lines()).filter((line) => line.stream === 'system').map((line) => line.text);
  }
}
