import type { Logger } from 'pino';
import type { Partition } from '../core/arn.js';
import type { ActionTypeLookup } from '../core/action-types/lookup.js';
import type { Clock } from '../core/clock.js';
import type { RuntimeCommit, Store } from '../core/contracts/store.js';
import type { JobTypeId, PipelineDeclaration } from '../core/declaration/types.js';
import { PipewrightError } from '../core/errors/index.js';
import { decide, type Decision } from '../core/execution/decide.js';
import type { EngineEvent } from '../core/execution/events.js';
import { retain } from '../core/execution/retention.js';
import type { PipelineState } from '../core/execution/state.js';
import { nextDeadline } from '../core/execution/timeouts.js';
import { newId } from '../core/ids.js';
import { decisionCommit } from './decision-commit.js';
import type { EngineSignals } from './engine-signals.js';

/** The most events stored in one transaction. */
const maxBatch = 64;

export interface ActorDependencies {
  store: Store;
  clock: Clock;
  partition: Partition;
  logger: Logger;
  signals: EngineSignals;
  actionTypes: () => ActionTypeLookup;
  maxConcurrentExecutions: number;
}

export interface Submission {
  event: EngineEvent;
  /** Recorded with a started execution, for StartPipelineExecution's idempotency. */
  clientRequestToken?: string;
  /** The job whose result this event applies; refused (InvalidJobStateException) if it already ended. */
  finishJob?: RuntimeCommit['finishJobs'][number];
}

/** What a submission is answered with: the decision, or, for a repeated start, the execution it repeats. */
export type Answer = Decision & { replayOf?: string };

interface Pending {
  submission: Submission;
  resolve: (answer: Answer) => void;
  reject: (error: unknown) => void;
}

/**
 * One pipeline's decisions, one at a time: load the state (once, then kept), decide, store the decision
 * with a guarded write, then act on it (signal new work, cancel work, wake up for deadlines). Another
 * writer having moved the revision on makes it reload and decide again.
 *
 * Group commit: events that arrive while a commit is under way are decided one after the other on the
 * evolving state and stored together in the next transaction. Each still gets its own answer (a refused
 * command refuses only itself); with many executions in flight this divides the writes per decision.
 */
export class PipelineActor {
  private state: PipelineState | undefined;
  private revision = 0;
  private pending: Pending[] = [];
  private draining = false;
  private loading: Promise<PipelineState> | undefined;
  private timer: NodeJS.Timeout | undefined;

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
      this.pending.push({ submission, resolve, reject });
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

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        // SQLite answers synchronously, so a whole decision runs in promise callbacks: yield to the event
        // loop between batches, or requests (GetPipelineState under load) would wait for the queue to empty.
        await new Promise((resolve) => setImmediate(resolve));
        const batch = this.pending.splice(0, maxBatch);
        try {
          await this.decideAndStore(batch);
        } catch (error) {
          // A fault of ours (the store failed): every submission of the batch learns it.
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async decideAndStore(batch: Pending[]): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const before = this.state ?? (await this.load());
      const outcome = await this.decideBatch(before, batch);
      if (outcome.decided.length === 0) {
        for (const { entry, answer } of outcome.answered) entry.resolve(answer);
        return;
      }
      const result = await this.deps.store.commitRuntime(outcome.commit);
      if (result.committed) {
        this.state = retain(outcome.next);
        this.revision += 1;
        for (const { entry, answer } of outcome.answered) entry.resolve(answer);
        this.afterCommit(outcome.effects, outcome.changes, outcome.queuedTypes);
        return;
      }
      if (result.guard === 'job') {
        if (batch.length === 1) {
          const jobId = batch[0]?.submission.finishJob?.jobId ?? '';
          batch[0]?.reject(new PipewrightError('InvalidJobStateException', `Job ${jobId} has already ended; its result cannot be recorded.`));
          return;
        }
        // One of the batch's jobs had already ended: decide and store each on its own to tell which.
        for (const entry of batch) await this.decideAndStore([entry]);
        return;
      }
      this.deps.logger.info({ pipeline: this.pipelineName }, 'state changed elsewhere; reloading and deciding again');
      this.state = undefined;
    }
    for (const entry of batch) entry.reject(new PipewrightError('ConflictException', `Pipeline ${this.pipelineName} is busy; try again.`));
  }

  /** Decides each submission of the batch on the state the previous one left. */
  private async decideBatch(before: PipelineState, batch: Pending[]) {
    let state = before;
    const answered: { entry: Pending; answer: Answer }[] = [];
    const decided: Decision[] = [];
    const effects: Decision['effects'] = [];
    const changes: Decision['changes'] = [];
    const clientRequestTokens = new Map<string, string>();
    const finishJobs: RuntimeCommit['finishJobs'] = [];
    const now = this.deps.clock.now();
    for (const entry of batch) {
      const { submission } = entry;
      try {
        // The same clientRequestToken starts one execution only: a repeat is answered with the first.
        const token = submission.event.type === 'StartExecution' ? submission.clientRequestToken : undefined;
        if (token !== undefined) {
          const earlier = [...clientRequestTokens].find(([, used]) => used === token)?.[0] ?? (await this.deps.store.findExecutionByRequestToken(this.pipelineName, token));
          if (earlier !== undefined) {
            answered.push({ entry, answer: { next: state, effects: [], changes: [], applied: false, replayOf: earlier } });
            continue;
          }
        }
        const decision = decide(state, submission.event, {
          now,
          newId,
          actionTypes: this.deps.actionTypes(),
          maxConcurrentExecutions: this.deps.maxConcurrentExecutions,
        });
        answered.push({ entry, answer: decision });
        if (!decision.applied && submission.finishJob === undefined) continue;
        state = decision.next;
        decided.push(decision);
        effects.push(...decision.effects);
        changes.push(...decision.changes);
        if (submission.clientRequestToken !== undefined && submission.event.type === 'StartExecution') {
          clientRequestTokens.set(submission.event.executionId, submission.clientRequestToken);
        }
        if (submission.finishJob !== undefined) finishJobs.push(submission.finishJob);
      } catch (error) {
        // A refused command (its CodePipeline exception) changes nothing and refuses only itself.
        entry.reject(error);
      }
    }
    const { commit, newJobs } = decisionCommit({
      pipelineName: this.pipelineName,
      before,
      next: state,
      effects,
      changes,
      expectedRevision: this.revision,
      partition: this.deps.partition,
      newId,
      now,
      clientRequestTokens,
      finishJobs,
    });
    return { answered, decided, next: state, effects, changes, commit, queuedTypes: newJobs.map((job) => job.actionTypeId) };
  }

  private load(): Promise<PipelineState> {
    this.loading ??= this.loadOnce().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async loadOnce(): Promise<PipelineState> {
    const { store } = this.deps;
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
    return state;
  }

  private afterCommit(effects: Decision['effects'], changes: Decision['changes'], queuedTypes: JobTypeId[]): void {
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
