import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { JobRecord } from '../core/contracts/store.js';

/**
 * Replicas on one database: a job whose worker or replica died keeps its lease until the lease runs out,
 * then any running replica takes it back, as start-up recovery does for the one server (run again when
 * its provider is rerunnable, failed saying why otherwise). Every replica sweeps; the job's guarded
 * status change lets one of them act on each lost job.
 */
export class LostJobSweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: {
      listExpiredLeases: (now: number) => Promise<JobRecord[]>;
      recoverLostJobs: (lost: readonly JobRecord[]) => Promise<void>;
      /** Deadlines another replica watched keep firing if it died (Engine.watchDeadlines). */
      watchDeadlines: () => Promise<unknown>;
      clock: Clock;
      /** Time between two sweeps: half a lease, so a lost job waits at most one and a half leases. */
      intervalMs: number;
      logger: Logger;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweepOnce()
        .catch((error: unknown) => this.deps.logger.error({ err: error }, 'looking for jobs of lost workers failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.deps.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async sweepOnce(): Promise<void> {
    const lost = await this.deps.listExpiredLeases(this.deps.clock.now());
    if (lost.length > 0) {
      this.deps.logger.warn({ jobs: lost.length }, 'jobs whose lease ran out: their worker is gone');
      await this.deps.recoverLostJobs(lost);
    }
    await this.deps.watchDeadlines();
  }
}
