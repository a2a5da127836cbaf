import type { Partition } from '../core/arn.js';
import type { ActionTypeLookup } from '../core/action-types/lookup.js';
import type { NewJob, RuntimeCommit, Store } from '../core/contracts/store.js';
import type { EngineEvent } from '../core/execution/events.js';
import type { DecideContext } from '../core/execution/context.js';
import { decide, decideAll, type Outcome } from '../core/execution/decide.js';
import type { PipelineState } from '../core/execution/state.js';
import { newId } from '../core/ids.js';
import { decisionCommit } from './decision-commit.js';
import type { PositionsKept } from './positions-kept.js';

export interface Submission {
  event: EngineEvent;
  /** Recorded with a started execution, for StartPipelineExecution's idempotency. */
  clientRequestToken?: string;
  /** The job whose result this event applies; refused (InvalidJobStateException) if it already ended. */
  finishJob?: RuntimeCommit['finishJobs'][number];
}

/** What a submission is answered with: for a repeated start, the execution it repeats. */
export interface Answer {
  replayOf?: string;
}

export interface Pending {
  submission: Submission;
  resolve: (answer: Answer) => void;
  reject: (error: unknown) => void;
}

export interface BatchContext {
  pipelineName: string;
  store: Store;
  partition: Partition;
  actionTypes: () => ActionTypeLookup;
  maxConcurrentExecutions: number;
  /** The positions index kept from one decision to the next (positions-kept.ts). */
  positions: PositionsKept;
}

/**
 * Submissions decided one after the other on the evolving state, to be stored in one transaction. Each
 * keeps its own answer: a refused command is rejected at once and refuses only itself; the others are
 * answered once the batch is stored.
 *
 * Submissions are taken in (`add`) and decided together (`decidePending`, with decideAll: one draft of
 * the state for all of them). When one of them is refused, they are decided again one at a time, so that
 * only that one is refused. The innermost of three schedulers (docs/decisions/background-turns.md says
 * which does what): the actor decides when a batch grows and when it is stored.
 */
export class DecisionBatch {
  /** The submissions decided (not refused), in order: what is decided again if storing fails on a guard. */
  readonly entries: Pending[] = [];
  readonly answered: { entry: Pending; answer: Answer }[] = [];
  /** The decisions that change something, hence the ones to store. */
  decisions = 0;
  readonly effects: Outcome['effects'] = [];
  readonly changes: Outcome['changes'] = [];
  readonly startedAt = performance.now();
  private state: PipelineState;
  private undecided: Pending[] = [];
  private readonly clientRequestTokens = new Map<string, string>();
  private readonly finishJobs: RuntimeCommit['finishJobs'] = [];

  constructor(
    readonly before: PipelineState,
    private readonly now: number,
    private readonly context: BatchContext,
  ) {
    this.state = before;
  }

  /** The state after every submission taken in (those not decided yet are decided first). */
  get next(): PipelineState {
    this.decidePending();
    return this.state;
  }

  /** Submissions taken in, decided or not. */
  get size(): number {
    return this.entries.length + this.undecided.length;
  }

  /** Takes a submission in; a repeated start is answered at once with the execution it repeats. */
  async add(entry: Pending): Promise<void> {
    const { submission } = entry;
    // The same clientRequestToken starts one execution only: a repeat is answered with the first.
    const token = submission.event.type === 'StartExecution' ? submission.clientRequestToken : undefined;
    if (token !== undefined) {
      // A start with this token still undecided may yet be refused: decide it first, then look.
      if (this.undecided.some((pending) => pending.submission.clientRequestToken === token)) this.decidePending();
      let earlier: string | undefined;
      try {
        earlier =
          [...this.clientRequestTokens].find(([, used]) => used === token)?.[0] ??
          (await this.context.store.findExecutionByRequestToken(this.context.pipelineName, token));
      } catch (error) {
        entry.reject(error);
        return;
      }
      if (earlier !== undefined) {
        this.answer(entry, { replayOf: earlier });
        return;
      }
    }
    this.undecided.push(entry);
  }

  /** Decides the submissions taken in since the last call, together when none of them is refused. */
  decidePending(): void {
    const pending = this.undecided;
    if (pending.length === 0) return;
    this.undecided = [];
    let decided: ReturnType<typeof decideAll> | undefined;
    try {
      decided = decideAll(
        this.state,
        pending.map((entry) => entry.submission.event),
        this.decideContext(),
        this.context.positions.take(this.state),
      );
    } catch {
      // One of them was refused (or failed): one at a time, to refuse only that one.
      for (const entry of pending) this.decideOne(entry);
      return;
    }
    pending.forEach((entry, index) => {
      const outcome = decided.outcomes[index];
      if (outcome !== undefined) this.apply(entry, outcome);
    });
    this.state = decided.next;
    this.context.positions.keep(decided.next, decided.positions);
  }

  /** The one atomic write that stores the batch, guarded by the revision it was decided on. */
  commit(expectedRevision: number): { commit: RuntimeCommit; newJobs: NewJob[] } {
    this.decidePending();
    return decisionCommit({
      pipelineName: this.context.pipelineName,
      before: this.before,
      next: this.state,
      effects: this.effects,
      changes: this.changes,
      expectedRevision,
      partition: this.context.partition,
      newId,
      now: this.now,
      clientRequestTokens: this.clientRequestTokens,
      finishJobs: this.finishJobs,
    });
  }

  private decideOne(entry: Pending): void {
    try {
      const kept = this.context.positions.take(this.state);
      const decision = decide(this.state, entry.submission.event, this.decideContext(), kept);
      // A stale report without a job to finish changes nothing: its state (and index) are not kept.
      if (this.apply(entry, decision)) {
        this.state = decision.next;
        this.context.positions.keep(this.state, decision.positions);
      }
    } catch (error) {
      // A refused command (its CodePipeline exception) changes nothing and refuses only itself.
      entry.reject(error);
    }
  }

  /** Records a submission's outcome; false when it changed nothing worth storing. */
  private apply(entry: Pending, outcome: Outcome): boolean {
    const { submission } = entry;
    this.answer(entry, {});
    if (!outcome.applied && submission.finishJob === undefined) return false;
    this.decisions += 1;
    this.effects.push(...outcome.effects);
    this.changes.push(...outcome.changes);
    if (submission.clientRequestToken !== undefined && submission.event.type === 'StartExecution') {
      this.clientRequestTokens.set(submission.event.executionId, submission.clientRequestToken);
    }
    if (submission.finishJob !== undefined) this.finishJobs.push(submission.finishJob);
    return true;
  }

  private decideContext(): DecideContext {
    return { now: this.now, newId, actionTypes: this.context.actionTypes(), maxConcurrentExecutions: this.context.maxConcurrentExecutions };
  }

  private answer(entry: Pending, answer: Answer): void {
    this.entries.push(entry);
    this.answered.push({ entry, answer });
  }
}
