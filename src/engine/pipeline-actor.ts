import type { Logger } from 'pino';
import type { Partition } from '../core/arn.js';
import type { ActionTypeLookup } from '../core/action-types/lookup.js';
import type { Clock } from '../core/clock.js';
import type { Store } from '../core/contracts/store.js';
import type { JobTypeId, PipelineDeclaration } from '../core/declaration/types.js';
import { backgroundTurn } from '../core/background-turns.js';
import { PipewrightError } from '../core/errors/index.js';
import type { Outcome } from '../core/execution/decide.js';
import { retain } from '../core/execution/retention.js';
import type { PipelineState } from '../core/execution/state.js';
import { nextDeadline } from '../core/execution/timeouts.js';
import { traceBatch, traceSubmission } from './batch-trace.js';
import { DecisionBatch, type Answer, type Pending, type Submission } from './decision-batch.js';
import type { EngineSignals } from './engine-signals.js';
import type { JobsTakenAtCommit } from './jobs-taken-at-commit.js';
import { PositionsKept } from './positions-kept.js';

/** The most events stored in one transaction. */
const maxBatch = 64;
/** How long a batch gathers events, from its first decision, before it is stored. */
const maxBatchAgeMs = 10;
/** How long one step decides before letting the event loop in (see backgroundTurn). */
const decideSliceMs = 1;

/** Submissions taken into a batch before they are decided together (then the slice's time is looked at). */
const decideTogether = 8;

const canGrow = (batch: DecisionBatch): boolean => batch.size < maxBatch && performance.now() - batch.startedAt < maxBatchAgeMs;

/**
 * Answers a step each: an answer sets off its caller's next steps (an HTTP reply, a job's wrap-up), and a
 * batch's worth of them at once would hold the event loop as long as the batch did.
 */
function answerInTurns(answered: readonly { entry: Pending; answer: Answer }[]): void {
  for (const { entry, answer } of answered)
    void backgroundTurn().then(() => {
      traceSubmission(entry, 'engine: answered (result)');
      entry.resolve(answer);
    });
}

export interface ActorDependencies {
  store: Store;
  clock: Clock;
  partition: Partition;
  logger: Logger;
  signals: EngineSignals;
  /** Who takes new jobs in the commit that makes them (the server's own worker). */
  takers: JobsTakenAtCommit;
  actionTypes: () => ActionTypeLookup;
  maxConcurrentExecutions: number;
}

export type { Answer, Submission } from './decision-batch.js';

/**
 * One pipeline's decisions, one at a time: load the state (once, then kept), decide, store the decision
 * with a guarded write, then act on it (signal new work, cancel work, wake up for deadlines). Another
 * writer having moved the revision on makes it reload and decide again.
 *
 * Group commit: events that arrive while a batch is being decided or stored are decided one after the
 * other on the evolving state and stored together in one transaction (DecisionBatch). Each still gets its
 * own answer (a refused command refuses only itself); with many executions in flight this divides the
 * writes per decision. It runs each step in a background turn (core/background-turns.ts); the three
 * schedulers are set side by side in docs/decisions/background-turns.md.
 */
export class PipelineActor {
  private state: PipelineState | undefined;
  private revision = 0;
  private pending: Pending[] = [];
  private draining = false;
  private loading: Promise<PipelineState> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly positions = new PositionsKept();
  /** Counts changes made by other replicas: a load that overlapped one must not be kept as current. */
  private changesElsewhere = 0;

  constructor(
    readonly pipelineName: string,
    private readonly deps: ActorDependencies,
  ) {}

  /** The last stored state, loading it if needed. Reads never wait behind decisions. */
  async currentState(): Promise<PipelineState> {
    return this.state ?? (await this.load());
  }

  submit(submission: Submission): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      const entry = { submission, resolve, reject };
      traceSubmission(entry, 'engine: submitted (result)');
      this.pending.push(entry);
      if (!this.draining) void this.drain();
    });
  }

  /** The cached state, if loaded (no I/O). */
  cachedState(): PipelineState | undefined {
    return this.state;
  }

  /** Forgets the cached state (the pipeline was deleted, or another process changed it). */
  forget(): void {
    this.state = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Another replica stored a decision for this pipeline: the cached state is stale. The next read loads
   * what is stored; a decision under way fails its guard and is decided again on the new state. The
   * deadline timer stays: its Tick loads the state afresh.
   */
  changedElsewhere(): void {
    this.changesElsewhere += 1;
    this.state = undefined;
    // A load under way may have read before the change: the next read starts one of its own.
    this.loading = undefined;
  }

  /**
   * Decides what is pending a slice at a time and stores a batch once nothing more is pending, or once
   * it is full or old enough. Each slice and each store is a step of its own (backgroundTurn), so the
   * event loop serves requests in between; events that arrive meanwhile join the batch being decided.
   */
  private async drain(): Promise<void> {
    this.draining = true;
    let batch: DecisionBatch | undefined;
    try {
      while (this.pending.length > 0 || batch !== undefined) {
        await backgroundTurn();
        if (this.pending.length > 0 && (batch === undefined || canGrow(batch))) {
          batch = await this.decideSome(batch);
          if (batch !== undefined) traceBatch(batch, 'decided');
          continue;
        }
        const full = batch;
        batch = undefined;
        if (full !== undefined) {
          traceBatch(full, 'store turn');
          await this.storeOrDecideAgain(full);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Decides pending submissions for one slice of time, into `batch` or a new one. */
  private async decideSome(batch: DecisionBatch | undefined): Promise<DecisionBatch | undefined> {
    let current = batch;
    if (current === undefined) {
      try {
        current = this.newBatch(this.state ?? (await this.load()));
      } catch (error) {
        // The pipeline cannot be loaded (deleted, or the store failed): what waits for it learns why.
        for (const entry of this.pending.splice(0, maxBatch)) entry.reject(error);
        return undefined;
      }
    }
    const sliceStarted = performance.now();
    let taken = 0;
    while (this.pending.length > 0 && canGrow(current) && performance.now() - sliceStarted < decideSliceMs) {
      const entry = this.pending.shift();
      if (entry !== undefined) {
        traceSubmission(entry, 'engine: taken into a batch (result)');
        await current.add(entry);
      }
      taken += 1;
      if (taken % decideTogether === 0) current.decidePending();
    }
    current.decidePending();
    return current;
  }

  private newBatch(before: PipelineState): DecisionBatch {
    const { store, partition, actionTypes, maxConcurrentExecutions, clock } = this.deps;
    return new DecisionBatch(before, clock.now(), { pipelineName: this.pipelineName, store, partition, actionTypes, maxConcurrentExecutions, positions: this.positions });
  }

  private async storeOrDecideAgain(batch: DecisionBatch): Promise<void> {
    try {
      const stored = await this.store(batch);
      if (stored === 'stored') return;
      // A guard failed: decide these submissions again, on the state as it is now.
      await this.decideAndStore(batch.entries);
    } catch (error) {
      // A fault of ours (the store failed): every submission of the batch learns it.
      for (const entry of batch.entries) entry.reject(error);
    }
  }

  /** Decides `entries` at once and stores them, deciding again after a guard fails (the rare path). */
  private async decideAndStore(entries: Pending[]): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const batch = this.newBatch(this.state ?? (await this.load()));
      for (const entry of entries) await batch.add(entry);
      const stored = await this.store(batch);
      if (stored === 'stored') return;
      if (stored === 'job-ended') {
        if (batch.entries.length <= 1) {
          const entry = batch.entries[0];
          entry?.reject(new PipewrightError('InvalidJobStateException', `Job ${entry.submission.finishJob?.jobId ?? ''} has already ended; its result cannot be recorded.`));
          return;
        }
        // One of the batch's jobs had already ended: decide and store each on its own to tell which.
        for (const entry of batch.entries) await this.decideAndStore([entry]);
        return;
      }
      entries = batch.entries;
    }
    for (const entry of entries) entry.reject(new PipewrightError('ConflictException', `Pipeline ${this.pipelineName} is busy; try again.`));
  }

  /** Stores a decided batch; on success its submissions are answered and its effects acted on. */
  private async store(batch: DecisionBatch): Promise<'stored' | 'job-ended' | 'changed-elsewhere'> {
    batch.decidePending();
    if (batch.decisions === 0) {
      answerInTurns(batch.answered);
      return 'stored';
    }
    const { commit, newJobs } = batch.commit(this.revision);
    const offer = this.deps.takers.offer(newJobs);
    traceBatch(batch, 'commit built');
    let result: Awaited<ReturnType<Store['commitRuntime']>>;
    try {
      result = await this.deps.store.commitRuntime({ ...commit, newJobs: offer.jobs });
    } catch (error) {
      offer.released();
      throw error;
    }
    traceBatch(batch, 'commit answered');
    if (result.committed) {
      const decided = batch.next;
      this.state = retain(decided);
      this.positions.handOver(decided, this.state);
      this.revision += 1;
      this.afterCommit(batch.effects, batch.changes, offer.jobs.filter((job) => job.heldBy === undefined).map((job) => job.actionTypeId));
      offer.stored();
      traceBatch(batch, 'signalled');
      answerInTurns(batch.answered);
      return 'stored';
    }
    offer.released();
    if (result.guard === 'job') return 'job-ended';
    this.deps.logger.info({ pipeline: this.pipelineName }, 'state changed elsewhere; reloading and deciding again');
    this.state = undefined;
    return 'changed-elsewhere';
  }

  private load(): Promise<PipelineState> {
    this.loading ??= this.loadOnce().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async loadOnce(): Promise<PipelineState> {
    const { store } = this.deps;
    const changesBefore = this.changesElsewhere;
    const pipeline = await store.getPipeline(this.pipelineName);
    if (pipeline === undefined) throw new PipewrightError('PipelineNotFoundException', `No pipeline named ${this.pipelineName}.`);
    const snapshot = await store.loadRuntime(this.pipelineName);
    const olderDeclarations: Record<number, PipelineDeclaration> = {};
    for (const version of new Set(snapshot.executions.map((execution) => execution.pipelineVersion))) {
      if (version === pipeline.version) continue;
      const stored = await store.getPipelineVersion(this.pipelineName, version);
      if (stored !== undefined) olderDeclarations[version] = stored.declaration;
    }
    const state: PipelineState = {
      pipelineName: this.pipelineName,
      current: { version: pipeline.version, declaration: pipeline.declaration },
      olderDeclarations,
      transitions: snapshot.runtime.transitions,
      stageLatest: snapshot.runtime.stageLatest,
      stageLastSucceeded: snapshot.runtime.stageLastSucceeded,
      sequence: snapshot.runtime.sequence,
      executions: Object.fromEntries(snapshot.executions.map((execution) => [execution.id, execution])),
    };
    this.state = state;
    this.revision = snapshot.revision;
    this.scheduleDeadline(state);
    // Read before another replica's change arrived: use it (its revision guards a decision) but keep it not.
    if (this.changesElsewhere !== changesBefore) this.state = undefined;
    return state;
  }

  private afterCommit(effects: Outcome['effects'], changes: Outcome['changes'], queuedTypes: JobTypeId[]): void {
    const { signals } = this.deps;
    if (queuedTypes.length > 0) signals.emit('jobsQueued', { actionTypeIds: queuedTypes });
    for (const effect of effects) {
      if (effect.type === 'CancelAction') signals.emit('jobCancelled', { actionExecutionId: effect.actionExecutionId, reason: effect.reason });
      if (effect.type === 'CancelRule') signals.emit('jobCancelled', { actionExecutionId: effect.ruleExecutionId, reason: 'cancelled' });
      if (effect.type === 'ApprovalRequested') {
        signals.emit('approvalRequested', {
          pipelineName: this.pipelineName,
          executionId: effect.executionId,
          stageName: effect.stageName,
          actionName: effect.actionName,
          token: effect.token,
          expires: effect.expires,
        });
      }
    }
    if (changes.length > 0) {
      signals.emit('eventsAppended', { pipelineName: this.pipelineName });
      signals.emit('stateChanged', { pipelineName: this.pipelineName, changes });
    }
    if (this.state !== undefined) this.scheduleDeadline(this.state);
  }

  /** One timer per pipeline, for the earliest deadline of a running action: no polling. */
  private scheduleDeadline(state: PipelineState): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = nextDeadline(state);
    if (deadline === undefined) return;
    const maxDelay = 2 ** 31 - 1;
    const delay = Math.min(Math.max(deadline - this.deps.clock.now(), 0), maxDelay);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.submit({ event: { type: 'Tick' } }).catch((error: unknown) => {
        this.deps.logger.error({ err: error, pipeline: this.pipelineName }, 'timing out actions failed');
      });
    }, delay + 1);
    this.timer.unref();
  }
}
