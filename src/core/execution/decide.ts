import { produce } from 'immer';
import type { DecideContext } from './context.js';
import type { Effect, StateChange } from './effects.js';
import type { EngineEvent } from './events.js';
import { actionFailed, actionProgress, actionSucceeded } from './action-reports.js';
import { answerApproval } from './answer-approval.js';
import { pipelineUpdated } from './pipeline-updated.js';
import { retryStage } from './retry-stage.js';
import { setTransition } from './set-transition.js';
import { settle } from './settle.js';
import { startExecution } from './start-execution.js';
import type { PipelineState } from './state.js';
import { Positions } from './positions.js';
import type { Declarations, Step } from './step.js';
import { stopExecution } from './stop-execution.js';
import { timeOutActions } from './timeouts.js';
import { ruleReported } from './rule-reports.js';
import { overrideCondition } from './override-condition.js';
import { rollbackStage } from './rollback-stage.js';

export interface Decision extends Outcome {
  /** The state after the event, everything settled. */
  next: PipelineState;
}

/** What deciding one event asks for and tells, besides the next state. */
export interface Outcome {
  /** Work to do once the decision is stored. */
  effects: Effect[];
  /** State changes to announce once the decision is stored. */
  changes: StateChange[];
  /** False when the event was a stale report that changed nothing. */
  applied: boolean;
}

/**
 * The execution state machine of one pipeline: the next state and the effects of an event, with no I/O
 * and no clock (time and fresh ids come in the context). A refused command throws its CodePipeline
 * exception and the state stays as it was. Its rules are numbered in rules.md. `positions`: see decideAll.
 */
export function decide(state: PipelineState, event: EngineEvent, context: DecideContext, positions?: Positions): Decision & { positions: Positions } {
  const decided = decideAll(state, [event], context, positions);
  const [outcome] = decided.outcomes;
  if (outcome === undefined) throw new Error('decideAll gave no outcome for its one event');
  return { next: decided.next, ...outcome, positions: decided.positions };
}

/**
 * Events decided one after the other, exactly as `decide` would one at a time (rule 19), on one draft of the
 * state. Each decision copies what it changes, and the record of every execution in flight is one of
 * them: with 100 in flight, copying it for each event (and freezing it again) was most of a decision's
 * cost; here it is copied once for all the events. All or nothing: when an event is refused, this throws
 * its exception and nothing is decided (the caller decides the events one at a time to learn which).
 *
 * `positions` is the index of where `state`'s active executions are (positions.ts); without it, it is
 * built, walking every execution, which with 100 in flight cost more than the decision itself. The
 * decision updates it in place and returns it as the index of `next`: a caller that keeps it for the
 * next decision on `next` saves that walk, and must drop it when this throws (it is then half-updated).
 */
export function decideAll(
  state: PipelineState,
  events: readonly EngineEvent[],
  context: DecideContext,
  positions: Positions = Positions.of(state),
): { next: PipelineState; outcomes: Outcome[]; positions: Positions } {
  const outcomes: Outcome[] = [];
  const declarations: Declarations = { current: state.current, older: state.olderDeclarations };
  const next = produce(state, (draft) => {
    for (const event of events) {
      const step: Step = { state: draft, context, effects: [], changes: [], positions, touched: new Set(), declarations };
      const applied = apply(step, event);
      settle(step);
      outcomes.push({ effects: step.effects, changes: step.changes, applied });
    }
  });
  return { next, outcomes, positions };
}

function apply(step: Step, event: EngineEvent): boolean {
  switch (event.type) {
    case 'StartExecution':
      startExecution(step, event);
      return true;
    case 'StopExecution':
      stopExecution(step, event);
      return true;
    case 'RetryStage':
      retryStage(step, event);
      return true;
    case 'SetTransition':
      setTransition(step, event);
      return true;
    case 'AnswerApproval':
      answerApproval(step, event);
      return true;
    case 'PipelineUpdated':
      pipelineUpdated(step, event);
      return true;
    case 'ActionSucceeded':
      return actionSucceeded(step, event);
    case 'ActionFailed':
      return actionFailed(step, event);
    case 'ActionProgress':
      return actionProgress(step, event);
    case 'RuleSucceeded':
    case 'RuleFailed':
      return ruleReported(step, event);
    case 'OverrideCondition':
      overrideCondition(step, event);
      return true;
    case 'RollbackStage':
      rollbackStage(step, event);
      return true;
    case 'Tick':
      timeOutActions(step);
      return true;
  }
}
