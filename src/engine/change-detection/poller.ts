import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import type { StoreOperations } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { executionUsing } from './revision-history.js';
import type { SourceAction } from './source-actions.js';
import type { SourceIndex } from './source-index.js';
import type { SourceProbe } from './source-probe.js';
import { changeToken, pinFor, type ExecutionStarter } from './start-detected.js';

export interface PollerOptions {
  store: Pick<StoreOperations, 'getSourceRevision' | 'putSourceRevision' | 'listExecutions'>;
  starter: ExecutionStarter;
  index: SourceIndex;
  probe: Pick<SourceProbe, 'latestRevision'>;
  clock: Clock;
  logger: Logger;
  /** Time between two rounds of checks (PIPEWRIGHT_POLL_INTERVAL_SECONDS). */
  intervalMs: number;
  /** Sources checked at once within a round. */
  concurrency?: number;
  /** Whether this process polls now: of replicas, only the one that leads (server/replicas.ts); always otherwise. */
  polls?: () => boolean;
}

/**
 * PollForSourceChanges: every interval, one round asks each polling source for its latest revision
 * (an ls-remote, a rev-parse, an object head: cheap) and compares it with the revision remembered in
 * the store. A new revision starts ONE execution, trigger PollForSourceChanges, pinned to what was
 * detected, so it builds exactly that; the first sight of a source only takes a baseline.
 *
 * Timing: one timer for the whole poller, armed only while some pipeline polls, re-armed when a round
 * ends (a slow round delays the next one instead of overlapping it). Pushes to hosted repositories and
 * new pipelines ask for checks outside the round (`checkNow`). Checks of one source never overlap.
 *
 * Duplicates: the remembered revision is advanced with a guarded write after the start; the start's
 * clientRequestToken is derived from the remembered record, and a revision some execution already used
 * (started before a crash, by PutActionRevision, by hand) starts nothing. A restart, or a second
 * replica, therefore never starts a second execution for one change.
 */
export class SourcePoller {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private readonly checks = new Map<string, Promise<void>>();
  private readonly aborting = new AbortController();
  private readonly reported = new Map<string, string>();
  private stopped = false;

  constructor(private readonly options: PollerOptions) {}

  /** Arms the timer when some source polls, disarms it when none does; call after the index changed. */
  reschedule(): void {
    if (this.stopped) return;
    const polling = this.options.index.sources().some((source) => source.detection === 'poll');
    if (!polling) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    if (this.timer !== undefined || this.round !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.round = this.runRound().finally(() => {
        this.round = undefined;
        this.reschedule();
      });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** Checks these sources now (those that poll), outside the round; resolves when they are checked. */
  async checkNow(sources: readonly SourceAction[]): Promise<void> {
    await this.checkAll(sources.filter((source) => source.detection === 'poll'));
  }

  /** Stops the timer and waits for the checks under way (their probes are aborted). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.aborting.abort();
    await this.round;
    await Promise.allSettled([...this.checks.values()]);
  }

  private async runRound(): Promise<void> {
    if (this.options.polls?.() === false) return;
    try {
      await this.options.index.sync();
    } catch (error) {
      this.options.logger.error({ err: error }, 'change detection could not read the pipelines');
      return;
    }
    await this.checkAll(this.options.index.sources().filter((source) => source.detection === 'poll'));
  }

  private async checkAll(sources: readonly SourceAction[]): Promise<void> {
    const queue = [...sources];
    const worker = async (): Promise<void> => {
      for (let source = queue.shift(); source !== undefined && !this.stopped; source = queue.shift()) await this.check(source);
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 4, queue.length) }, worker));
  }

  /** One check of one source, after any check of it already under way. Never throws. */
  private check(source: SourceAction): Promise<void> {
    const key = `${source.pipelineName}\u0000${source.action.name}`;
    const previous = this.checks.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.checkOnce(source)).catch((error: unknown) => this.report(key, source, error));
    this.checks.set(key, next);
    void next.finally(() => {
      if (this.checks.get(key) === next) this.checks.delete(key);
    });
    return next;
  }

  private async checkOnce(source: SourceAction): Promise<void> {
    if (this.stopped) return;
    const { store, probe, clock, logger } = this.options;
    const { pipelineName } = source;
    const actionName = source.action.name;
    const latest = await probe.latestRevision(source.action, this.aborting.signal);
    this.reported.delete(`${pipelineName}\u0000${actionName}`);
    if (latest === undefined) return;
    const seen = await store.getSourceRevision(pipelineName, actionName);
    const record = { pipelineName, actionName, sourceKey: source.sourceKey, revision: latest, changes: (seen?.changes ?? 0) + 1, updated: clock.now() };
    if (seen === undefined || seen.sourceKey !== source.sourceKey) {
      // First sight of this source (or of where it now reads): a baseline, not a change.
      await store.putSourceRevision(record, seen?.changes);
      logger.debug({ pipeline: pipelineName, action: actionName, revision: latest }, 'source baseline taken');
      return;
    }
    if (seen.revision === latest) return;
    const used = await executionUsing(store, pipelineName, actionName, latest);
    if (used === undefined) {
      const executionId = await this.options.starter.startExecution(pipelineName, {
        trigger: { triggerType: 'PollForSourceChanges', triggerDetail: actionName },
        sourceRevisions: pinFor(source, latest),
        clientRequestToken: changeToken('poll', pipelineName, actionName, String(record.changes), latest),
      });
      logger.info({ pipeline: pipelineName, action: actionName, revision: latest, execution: executionId }, 'source change detected; execution started');
    } else {
      logger.debug({ pipeline: pipelineName, action: actionName, revision: latest, execution: used }, 'source change already has an execution');
    }
    await store.putSourceRevision(record, seen.changes);
  }

  /** Logs a failing source once per distinct failure, not once per round. */
  private report(key: string, source: SourceAction, error: unknown): void {
    if (error instanceof PipewrightError && error.code === 'PipelineNotFoundException') return;
    if (this.stopped && this.aborting.signal.aborted) return;
    const message = error instanceof Error ? error.message : String(error);
    if (this.reported.get(key) === message) return;
    this.reported.set(key, message);
    this.options.logger.warn({ err: error, pipeline: source.pipelineName, action: source.action.name }, 'checking a source for changes failed');
  }
}
