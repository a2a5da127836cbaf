import { hasRules, startConditionSet } from './conditions/condition-runs.js';
import { declarationOf, moveTo, nextSequence, stageIndexOf, stageOf, touch, type DraftExecution, type Step } from './step.js';

/**
 * Arrival in front of a stage and entry into it: the rules of stage locks, inbound executions,
 * superseding (SUPERSEDED mode), queueing (QUEUED mode) and disabled transitions.
 */

/** The execution arrives in front of `stageName` and waits there until it may enter. */
export function arriveAt(step: Step, execution: DraftExecution, stageName: string): void {
  moveTo(step, execution, { kind: 'waiting', stageName, arrival: nextSequence(step), since: step.context.now });
  // Rollbacks neither supersede nor get superseded: they go in first (see mayEnter).
  if (execution.mode !== 'SUPERSEDED' || execution.type === 'ROLLBACK') return;
  // Rule 3 (rules.md): a locked stage (or a disabled transition) holds one execution in front of it; a more
  // recent execution arriving at the same point supersedes the one waiting there.
  const waiting = step.positions.inbound(stageName).filter((other) => other.id !== execution.id && other.mode === 'SUPERSEDED' && other.type === 'STANDARD');
  for (const { id } of waiting) {
    const other = step.state.executions[id];
    if (other === undefined) continue;
    const [older, newer] = other.startSequence < execution.startSequence ? [other, execution] : [execution, other];
    supersede(step, older, newer.id);
    if (older === execution) return;
  }
}

function supersede(step: Step, execution: DraftExecution, byExecutionId: string): void {
  execution.status = 'Superseded';
  execution.statusSummary = `Superseded by execution ${byExecutionId}`;
  moveTo(step, execution, { kind: 'done' });
  step.changes.push({ entity: 'pipeline', executionId: execution.id, state: 'SUPERSEDED', at: step.context.now });
}

/**
 * Whether a waiting execution may enter its stage now: not through a disabled transition (rule 12), not
 * into a locked stage (rule 1, none in PARALLEL mode: rule 5), in arrival order in QUEUED mode (rule 4).
 */
export function mayEnter(step: Step, execution: DraftExecution): boolean {
  if (execution.position.kind !== 'waiting') return false;
  const stageName = execution.position.stageName;
  const declaration = declarationOf(step, execution);
  const index = stageIndexOf(declaration, stageName);
  const previous = index > 0 ? declaration.stages[index - 1] : undefined;
  if (step.state.transitions[stageName]?.inbound.enabled === false) return false;
  if (previous !== undefined && step.state.transitions[previous.name]?.outbound.enabled === false) return false;
  if (execution.mode === 'PARALLEL') return true;
  if (step.positions.lockHolder(stageName) !== undefined) return false;
  const inbound = step.positions.inbound(stageName);
  // A rollback waiting in front of the stage goes in before anything else.
  const rollback = inbound.find((other) => other.type === 'ROLLBACK');
  if (rollback !== undefined) return rollback.id === execution.id;
  if (execution.mode === 'QUEUED') {
    // Executions go through in arrival order: only the first in the queue may enter.
    const first = inbound.find((other) => other.mode !== 'PARALLEL');
    return first?.id === execution.id;
  }
  return true;
}

/** The execution enters the stage (taking its lock unless it runs in PARALLEL mode). */
export function enter(step: Step, execution: DraftExecution): void {
  if (execution.position.kind !== 'waiting') return;
  const { stageName, arrival } = execution.position;
  const now = step.context.now;
  moveTo(step, execution, { kind: 'in-stage', stageName, arrival });
  const stageDeclaration = stageOf(declarationOf(step, execution), stageName);
  const checksEntry = stageDeclaration !== undefined && hasRules(stageDeclaration, 'beforeEntry');
  execution.stages[stageName] = {
    status: 'InProgress',
    startedAt: now,
    updatedAt: now,
    actions: {},
    retry: { autoStageRetryAttempt: 0, manualStageRetryAttempt: 0 },
    phase: checksEntry ? 'before-entry' : 'actions',
  };
  step.state.stageLatest[stageName] = execution.id;
  touch(step, execution);
  step.changes.push({ entity: 'stage', executionId: execution.id, stageName, state: 'STARTED', at: now });
  if (checksEntry) startConditionSet(step, execution, stageName, 'beforeEntry');
}
