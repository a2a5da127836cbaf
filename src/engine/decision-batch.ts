import type { Partition } from '../core/arn.js';
import type { ActionTypeLookup } from '../core/action-types/lookup.js';
import type { NewJob, RuntimeCommit, Store } from '../core/contracts/store.js';
import type { EngineEvent } from '../core/execution/events.js';
import { decide, type Decision } from '../core/execution/decide.js';
import type { PipelineState } from '../core/execution/state.js';
import { newId } from '../core/ids.js';
import { decisionCommit } from './decision-commit.js';

export interface Submission {
  event: EngineEvent;
  /** Recorded with a started execution, for StartPipelineExecution's idempotency. */
  clientRequestToken?: string;
  /** The job whose result this event applies; refused (InvalidJobStateException) if it already ended. */
  finishJob?: RuntimeCommit['finishJobs'][number];
}

/** What a submission is answered with: the decision, or, for a repeated start, the execution it repeats. */
export type Answer = Decision & { replayOf?: string };

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
}

/**
 * Submissions decided one after the other on the evolving state, to be stored in one transaction. Each
 * keeps its own answer: a refused command is rejected at once and refuses only itself; the others are
 * answered once the batch is stored.
 */
export class DecisionBatch {
  /** The submissions decided (not refused), in order: what is decided again if storing fails on a guard. */
  readonly entries: Pending[] = [];
  readonly answered: { entry: Pending; answer: Answer }[] = [];
  /** The decisions that change something, hence the ones to store. */
  decisions = 0;
  readonly effects: Decision['effects'] = [];
  readonly changes: Decision['changes'] = [];
  readonly startedAt = performance.now();
  private state: PipelineState;
  private readonly clientRequestTokens = new Map<string, string>();
  private readonly finishJobs: RuntimeCommit['finishJobs'] = [];

  constructor(
    readonly before: PipelineState,
    private readonly now: number,
    private readonly context: BatchContext,
  ) {
    this.state = before;
  }

  get next(): PipelineState {
    return this.state;
  }

  async add(entry: Pending): Promise<void> {
    const { submission } = entry;
    try {
      // The same clientRequestToken starts one execution only: a repeat is answered with the first.
      const token = submission.event.type === 'StartExecution' ? submission.clientRequestToken : undefined;
      if (token !== undefined) {
        const earlier =
          [...this.clientRequestTokens].find(([, used]) => used === token)?.[0] ??
          (await this.context.store.findExecutionByRequestToken(this.context.pipelineName, token));
        if (earlier !== undefined) {
          this.answer(entry, { next: this.state, effects: [], changes: [], applied: false, replayOf: earlier });
          return;
        }
      }
      const decision = decide(this.state, submission.event, {
        now: this.now,
        newId,
        actionTypes: this.context.actionTypes(),
        maxConcurrentExecutions: this.context.maxConcurrentExecutions,
      });
      this.answer(entry, decision);
      if (!decision.applied && submission.finishJob === undefined) return;
      this.state = decision.next;
      this.decisions += 1;
      this.effects.push(...decision.effects);
      this.changes.push(...decision.changes);
      if (submission.clientRequestToken !== undefined && submission.event.type === 'StartExecution') {
        this.clientRequestTokens.set(submission.event.executionId, submission.clientRequestToken);
      }
      if (submission.finishJob !== undefined) this.finishJobs.push(submission.finishJob);
    } catch (error) {
      // A refused command (its CodePipeline exception) changes nothing and refuses only itself.
      entry.reject(error);
    }
  }

  /** The one atomic write that stores the batch, guarded by the revision it was decided on. */
  commit(expectedRevision: number): { commit: RuntimeCommit; newJobs: NewJob[] } {
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

  private answer(entry: Pending, answer: Answer): void {
    this.entries.push(entry);
    this.answered.push({ entry, answer });
  }
}
