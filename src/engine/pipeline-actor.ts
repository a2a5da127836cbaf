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
  finishJob?: RuntimeCommit['finishJob'];
  /** Runs inside the serialised section before deciding; may answer without deciding (idempotent replays). */
  precheck?: () => Promise<Decision | undefined>;
}

/**
 * One pipeline's decisions, one at a time: load the state (once, then kept), decide, store the decision
 * with a guarded write, then act on it (signal new work, cancel work, wake up for deadlines). Another
 * writer having moved the revision on makes it reload and decide again.
 */
export class PipelineActor {
  private state: PipelineState | undefined;
  private revision = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly pipelineName: string,
    private readonly deps: ActorDependencies,
  ) {}

  /** The last stored state, loading it if needed. Reads never wait behind decisions. */
  async currentState(): Promise<PipelineState> {
    return this.state ?? (await this.serialised(() => this.load()));
  }

  submit(submission: Submission): Promise<Decision> {
    return this.serialised(async () => {
      if (submission.precheck !== undefined) {
        const answered = await submission.precheck();
        if (answered !== undefined) return answered;
      }
      return this.decideAndStore(submission);
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

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async decideAndStore(submission: Submission): Promise<Decision> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const before = this.state ?? (await this.load());
      const now = this.deps.clock.now();
      const decision = decide(before, submission.event, {
        now,
        newId,
        actionTypes: this.deps.actionTypes(),
        maxConcurrentExecutions: this.deps.maxConcurrentExecutions,
      });
      if (!decision.applied && submission.finishJob === undefined) return decision;
      const { commit, newJobs } = decisionCommit({
        pipelineName: this.pipelineName,
        before,
        decision,
        expectedRevision: this.revision,
        partition: this.deps.partition,
        newId,
        now,
        ...(submission.clientRequestToken !== undefined && submission.event.type === 'StartExecution'
          ? { clientRequestToken: { executionId: submission.event.executionId, token: submission.clientRequestToken } }
          : {}),
        ...(submission.finishJob !== undefined ? { finishJob: submission.finishJob } : {}),
      });
      const result = await this.deps.store.commitRuntime(commit);
      if (result.committed) {
        this.state = retain(decision.next);
        this.revision += 1;
        this.afterCommit(decision, newJobs.map((job) => job.actionTypeId), commit.events.length > 0);
        return decision;
      }
      if (result.guard === 'job') {
        throw new PipewrightError('InvalidJobStateException', `Job ${submission.finishJob?.jobId ?? ''} has already ended; its result cannot be recorded.`);
      }
      this.deps.logger.info({ pipeline: this.pipelineName }, 'state changed elsewhere; reloading and deciding again');
      this.state = undefined;
    }
    throw new PipewrightError('ConflictException', `Pipeline ${this.pipelineName} is busy; try again.`);
  }

  private async load(): Promise<PipelineState> {
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

  private afterCommit(decision: Decision, queuedTypes: JobTypeId[], appended: boolean): void {
    const { signals } = this.deps;
    if (queuedTypes.length > 0) signals.emit('jobsQueued', { actionTypeIds: queuedTypes });
    for (const effect of decision.effects) {
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
    if (appended) {
      signals.emit('eventsAppended', { pipelineName: this.pipelineName });
      signals.emit('stateChanged', { pipelineName: this.pipelineName, changes: decision.changes });
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
