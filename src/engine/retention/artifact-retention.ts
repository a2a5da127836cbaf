import type { Logger } from 'pino';
import type { Store } from '../../core/contracts/store.js';

/**
 * The retention policy of artifacts: every so often, artifacts older than the retention period are
 * removed unless an execution may still need them — one in progress, the latest of a stage (it may be
 * retried), or the last that succeeded in a stage (a rollback target). Those are exactly the executions
 * each pipeline's runtime holds, so the set to keep is read from there.
 */
export class ArtifactRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: {
      store: Pick<Store, 'listPipelines' | 'loadRuntime'>;
      sweep: (keep: ReadonlySet<string>) => Promise<{ removedArtifacts: number; freedBytes: number }>;
      intervalMs: number;
      logger: Logger;
    },
  ) {}

  /** The first sweep a minute after start (or sooner, with a shorter interval), then one every interval. */
  start(): void {
    this.stopped = false;
    if (this.timer === undefined) this.schedule(Math.min(60_000, this.deps.intervalMs));
  }

  async stop(): Promise<void> {
    // A sweep running now schedules no next one.
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One sweep now; resolves with what it removed. */
  async runOnce(): Promise<{ removedArtifacts: number; freedBytes: number }> {
    const keep = await this.digestsInUse();
    const result = await this.deps.sweep(keep);
    if (result.removedArtifacts > 0) this.deps.logger.info({ ...result, kept: keep.size }, 'old artifacts removed');
    return result;
  }

  async digestsInUse(): Promise<Set<string>> {
    const keep = new Set<string>();
    let afterName: string | undefined;
    for (;;) {
      const page = await this.deps.store.listPipelines({ ...(afterName !== undefined ? { afterName } : {}), limit: 100 });
      for (const pipeline of page) {
        const snapshot = await this.deps.store.loadRuntime(pipeline.name);
        for (const execution of snapshot.executions) {
          for (const ref of Object.values(execution.artifacts)) keep.add(ref.digest);
        }
      }
      if (page.length < 100) return keep;
      afterName = page.at(-1)?.name;
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.deps.logger.error({ err: error }, 'artifact retention failed'))
        .finally(() => {
          this.timer = undefined;
          if (!this.stopped) this.schedule(this.deps.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
