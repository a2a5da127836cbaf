import type { Logger } from 'pino';
import type { ActionJob, ActionProvider, JobEnd, JobLoad, ProviderTools } from '../core/contracts/action-provider.js';
import type { JobProgress, JobTaker, WorkerPeer } from '../core/contracts/worker-peer.js';
import { actionTypeKey, type JobTypeId } from '../core/declaration/types.js';
import { backgroundTurn } from '../core/background-turns.js';
import { coerceError, isPipewrightError } from '../core/errors/index.js';
import { traceJob, traceNow, tracingJobs } from '../core/job-trace.js';
import { withSandbox } from '../providers/shared/sandbox/current-sandbox.js';
import type { SandboxLauncher } from '../providers/shared/sandbox/sandbox-launcher.js';

/** What the worker hands the tools of a job: where progress goes, and how to wait for the job's end. */
export interface JobHooks {
  progress: (update: JobProgress) => void;
  jobEnded: (signal: AbortSignal) => Promise<JobEnd>;
}

/** `workEnded` runs as soon as the provider returns, before its outcome is reported (the job's credentials end there); `release` after. */
export type PrepareTools = (job: ActionJob, hooks: JobHooks) => Promise<{ tools: ProviderTools; workEnded?: () => Promise<void>; release: () => Promise<void> }>;

export interface WorkerOptions {
  workerId: string;
  peer: WorkerPeer;
  providers: readonly ActionProvider[];
  prepareTools: PrepareTools;
  /** How this worker's builds, Commands actions and functions run: each job's provider runs with it (current-sandbox.ts). */
  sandbox: SandboxLauncher;
  /** Jobs run at once (builds are real processes: keep this near the number of cores). */
  concurrency: number;
  /**
   * Jobs of `light` providers (sources, Commands: a few short processes waited for) run at once, beside
   * `concurrency`; 64 by default. Capped at the cores, a hundred executions in flight queued behind two
   * slots while the cores were idle, waiting on process starts.
   */
  lightConcurrency?: number;
  /** Jobs of `waiting` providers (local functions) run at once, beside `concurrency`; 16 by default. */
  waitingConcurrency?: number;
  leaseMs: number;
  logger: Logger;
}

/** Jobs claimed at once: a claim writes each job it takes, and the loop is let in between claims. */
const claimGroup = 8;

type Load = JobLoad;
const loads: readonly Load[] = ['working', 'light', 'waiting'];

/** Why a job's AbortSignal fired: its provider reads `signal.reason` to record why the work ended. */
export type AbortReason = 'abandoned' | 'timed-out' | 'shutdown';

interface RunningJob {
  actionExecutionId: string;
  /** The action type's key, for the log line of a shutdown that waits for the job. */
  typeId: string;
  load: Load;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * The job loop: claim jobs of the types its providers run, run each with its own AbortSignal (the one
 * source of truth for stopping: abandon, timeout, shutdown), keep the lease alive, report the outcome.
 * Woken by the peer when jobs are queued: no polling loop, no CPU when idle.
 */
export class Worker {
  private readonly providers = new Map<string, ActionProvider>();
  private readonly running = new Map<string, RunningJob>();
  private readonly unsubscribe: (() => void)[] = [];
  /**
   * Per load, whether jobs of its types may be waiting. A claim that finds fewer than it asked for says
   * no; the peer's next word that jobs were queued says yes again. It spares a claim (a query) after every
   * job that ends, for each load.
   */
  private readonly queue: Record<Load, { mayHaveJobs: boolean; signals: number }> = {
    working: { mayHaveJobs: true, signals: 0 },
    light: { mayHaveJobs: true, signals: 0 },
    waiting: { mayHaveJobs: true, signals: 0 },
  };
  /** Slots taken for jobs the engine is storing as this worker's (takeJobsAtCommit), until they run or lapse. */
  private readonly reserved: Record<Load, number> = { working: 0, light: 0, waiting: 0 };
  private pumping = false;
  private pumpAgain = false;
  private stopped = false;

  constructor(private readonly options: WorkerOptions) {
    for (const provider of options.providers) {
      for (const typeId of provider.actionTypes) this.providers.set(actionTypeKey(typeId), provider);
    }
  }

  get actionTypes(): JobTypeId[] {
    return this.options.providers.flatMap((provider) => provider.actionTypes);
  }

  private loadOf(type: JobTypeId): Load | undefined {
    const provider = this.providers.get(actionTypeKey(type));
    return provider === undefined ? undefined : (provider.load ?? 'working');
  }

  private typesOf(load: Load): JobTypeId[] {
    return this.options.providers.filter((provider) => (provider.load ?? 'working') === load).flatMap((provider) => provider.actionTypes);
  }

  start(): void {
    this.unsubscribe.push(
      this.options.peer.onJobsAvailable((actionTypeIds) => {
        for (const load of loads) {
          if (actionTypeIds === undefined || actionTypeIds.some((type) => this.loadOf(type) === load)) {
            this.queue[load].mayHaveJobs = true;
            this.queue[load].signals += 1;
          }
        }
        this.pump();
      }),
    );
    const takeAtCommit = this.options.peer.takeJobsAtCommit?.(this.taker());
    if (takeAtCommit !== undefined) this.unsubscribe.push(takeAtCommit);
    this.unsubscribe.push(
      this.options.peer.onJobCancelled((actionExecutionId) => {
        for (const job of this.running.values()) {
          if (job.actionExecutionId === actionExecutionId) job.controller.abort('abandoned' satisfies AbortReason);
        }
      }),
    );
    this.pump();
  }

  /** Stops taking jobs, lets running ones finish for `graceMs`, then aborts the rest (their leases lapse). */
  async drain(graceMs: number): Promise<void> {
    this.stopped = true;
    for (const stop of this.unsubscribe.splice(0)) stop();
    const all = Promise.all([...this.running.values()].map((job) => job.done));
    if (this.running.size > 0) {
      const jobs = [...this.running].map(([jobId, job]) => ({ jobId, actionType: job.typeId, actionExecutionId: job.actionExecutionId }));
      this.options.logger.info({ jobs, graceMs }, 'waiting for running jobs to finish before stopping');
    }
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([all, grace]);
    if (timer !== undefined) clearTimeout(timer);
    for (const job of this.running.values()) job.controller.abort('shutdown' satisfies AbortReason);
    await all;
  }

  private pump(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.fill()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'claiming jobs failed'))
      .finally(() => {
        this.pumping = false;
        if (this.pumpAgain) {
          this.pumpAgain = false;
          this.pump();
        }
      });
  }

  private limitOf(load: Load): number {
    if (load === 'working') return this.options.concurrency;
    return load === 'light' ? (this.options.lightConcurrency ?? 64) : (this.options.waitingConcurrency ?? 16);
  }

  /** Slots of `load` neither running a job nor reserved for one the engine is storing as this worker's. */
  private freeSlots(load: Load): number {
    let busy = this.reserved[load];
    for (const job of this.running.values()) if (job.load === load) busy += 1;
    return this.limitOf(load) - busy;
  }

  /**
   * Takes jobs as the engine makes them, while slots are free: each is stored held by this worker in the
   * decision's transaction, and run once that is committed (each start in a turn of its own, as claimed
   * jobs are). Jobs it does not take are queued and signalled as before.
   */
  private taker(): JobTaker {
    return {
      reserve: (actionTypeId) => {
        const load = this.loadOf(actionTypeId);
        if (load === undefined || this.stopped || this.freeSlots(load) <= 0) return undefined;
        this.reserved[load] += 1;
        return { workerId: this.options.workerId, leaseMs: this.options.leaseMs };
      },
      taken: (jobs) => {
        for (const job of jobs) {
          const load = this.loadOf(job.action.typeId) ?? 'working';
          traceJob(job.action.actionExecutionId, 'worker: taken at commit');
          void backgroundTurn().then(() => {
            this.reserved[load] -= 1;
            // Reserved before a drain began, stored after: not started while the server stops (the drain
            // no longer waits for it). Its lease lapses and recovery takes it as a lost worker's job (run
            // again where that is safe, else failed saying why), as it does a job the drain aborted.
            if (this.stopped) return;
            this.launch(job, load);
          });
        }
      },
      released: (actionTypeIds) => {
        for (const type of actionTypeIds) {
          const load = this.loadOf(type);
          if (load !== undefined) this.reserved[load] -= 1;
        }
        this.pump();
      },
    };
  }

  /**
   * Claims as many jobs as there are free slots, for working and for waiting providers separately, a few
   * at a time and letting the event loop in between: a claim and the start of each job run without a
   * break, and requests (GetPipelineState under load) should not wait behind a hundred of them.
   */
  private async fill(): Promise<void> {
    for (const load of loads) {
      const actionTypes = this.typesOf(load);
      const queue = this.queue[load];
      if (actionTypes.length === 0) continue;
      for (;;) {
        // Looked at before the turn too: a load with nothing queued or no free slot costs no turn (each one
        // waits behind whatever else asked, and a job's claim came after one turn per load before it).
        if (!queue.mayHaveJobs || this.freeSlots(load) <= 0 || this.stopped) break;
        await backgroundTurn();
        const free = this.freeSlots(load);
        if (free <= 0 || this.stopped) break;
        const limit = Math.min(free, claimGroup);
        const signalsBefore = queue.signals;
        const asked = tracingJobs() ? traceNow() : 0;
        const jobs = await this.options.peer.claim({ workerId: this.options.workerId, actionTypes, limit, leaseMs: this.options.leaseMs });
        for (const job of tracingJobs() ? jobs : []) {
          traceJob(job.action.actionExecutionId, 'worker: claim asked', asked);
          traceJob(job.action.actionExecutionId, 'worker: claim answered');
        }
        // A step each, all in the same turn as far as the budget goes.
        await Promise.all(jobs.map((job) => backgroundTurn().then(() => this.launch(job, load))));
        if (jobs.length < limit) {
          // The queue had no more of these: no need to ask again until the peer says jobs were queued
          // (unless it said so while this claim ran).
          if (queue.signals === signalsBefore) queue.mayHaveJobs = false;
          break;
        }
      }
    }
  }

  /**
   * Running jobs are keyed by job: a continued action's next job may start while the job before it is
   * still winding down (a function that reported, then returns), both of the same action run.
   */
  private launch(job: ActionJob, load: Load): void {
    const controller = new AbortController();
    const entry: RunningJob = { actionExecutionId: job.action.actionExecutionId, typeId: actionTypeKey(job.action.typeId), load, controller, done: Promise.resolve() };
    this.running.set(job.jobId, entry);
    entry.done = this.run(job, controller).finally(() => {
      this.running.delete(job.jobId);
      this.pump();
    });
  }

  private async run(job: ActionJob, controller: AbortController): Promise<void> {
    const { peer, logger, leaseMs, workerId } = this.options;
    const traced = job.action.actionExecutionId;
    traceJob(traced, 'worker: claimed');
    const provider = this.providers.get(actionTypeKey(job.action.typeId));
    const log = logger.child({ job: job.jobId, pipeline: job.pipeline.name, stage: job.stageName, action: job.action.name });
    const untilDeadline = Math.max(job.deadline - Date.now(), 0);
    const deadline = setTimeout(() => controller.abort('timed-out' satisfies AbortReason), Math.min(untilDeadline, 2 ** 31 - 1));
    let latestProgress: JobProgress | undefined;
    const heartbeat = setInterval(() => {
      const progress = latestProgress;
      latestProgress = undefined;
      peer
        .heartbeat({ workerId, jobId: job.jobId, leaseMs, ...(progress !== undefined ? { progress } : {}) })
        .then((held) => {
          if (!held) controller.abort('abandoned' satisfies AbortReason);
        })
        .catch((error: unknown) => log.warn({ err: error }, 'heartbeat failed'));
    }, Math.max(Math.floor(leaseMs / 3), 10));
    let release: (() => Promise<void>) | undefined;
    try {
      if (provider === undefined) throw new Error(`This worker has no provider for ${actionTypeKey(job.action.typeId)}`);
      const prepared = await this.options.prepareTools(job, {
        progress: (update) => {
          latestProgress = { ...latestProgress, ...update };
        },
        jobEnded: (signal) => peer.jobEnded({ jobId: job.jobId, signal }),
      });
      release = prepared.release;
      traceJob(traced, 'worker: tools ready (log opened)');
      const outcome = await withSandbox(this.options.sandbox, () => provider.run(job, prepared.tools, controller.signal)).finally(() => prepared.workEnded?.());
      traceJob(traced, 'worker: provider returned');
      // The work reported through the job-worker API itself: the job has ended, there is nothing to report.
      if (outcome.status === 'ReportedThroughJobApi') {
        log.debug({ end: outcome.end }, 'the job reported its own result');
        return;
      }
      if (controller.signal.aborted) return;
      try {
        await peer.complete({ workerId, jobId: job.jobId, outcome });
        traceJob(traced, 'worker: result committed');
      } catch (error) {
        // The work's own report came first (a function answered just as its reply window closed): one result only.
        if (isPipewrightError(error) && error.code === 'InvalidJobStateException') {
          log.info({ outcome: outcome.status }, 'the job had already ended; its first result stands');
          return;
        }
        throw error;
      }
    } catch (thrown) {
      // Stopped on purpose: the engine already decided what happened to the action.
      if (controller.signal.aborted) return;
      const error = coerceError(thrown);
      log.error({ err: error }, 'the job failed on a fault of Pipewright');
      await peer.complete({ workerId, jobId: job.jobId, outcome: { status: 'SystemFault', message: error.message } }).catch((reportError: unknown) => {
        log.error({ err: reportError }, 'could not report the fault');
      });
    } finally {
      clearTimeout(deadline);
      clearInterval(heartbeat);
      await release?.().catch((error: unknown) => log.warn({ err: error }, 'cleaning the job up failed'));
      traceJob(traced, 'worker: released (log closed, workspace removed)');
    }
  }
}
