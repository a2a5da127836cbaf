import { startAction } from './run-action.js';
import { arriveAt } from './stage-entry.js';
import { declarationOf, runOrderGroups, stageIndexOf, stageOf, touch, type DraftExecution, type Step } from './step.js';

/**
 * Moves an execution inside its stage: runOrder groups run one after the other (actions of a group in
 * parallel); a failed action fails the stage once its group has settled; a stop lets running actions
 * finish and starts nothing new. Returns whether anything changed.
 */
export function progressInStage(step: Step, execution: DraftExecution): boolean {
  if (execution.position.kind !== 'in-stage') return false;
  const stageName = execution.position.stageName;
  const declaration = declarationOf(step.state, execution);
  const stageDeclaration = stageOf(declaration, stageName);
  const stage = execution.stages[stageName];
  if (stageDeclaration === undefined || stage === undefined) {
    throw new Error(`Execution ${execution.id} is in stage ${stageName}, which its declaration (version ${execution.pipelineVersion}) lacks`);
  }
  const stopping = execution.status === 'Stopping';

  for (const group of runOrderGroups(stageDeclaration)) {
    const entries = group.actions.map((action) => ({ action, run: stage.actions[action.name] }));
    if (entries.some(({ run }) => run?.status === 'InProgress')) return false;
    const failed = entries.some(({ run }) => run?.status === 'Failed' || run?.status === 'Abandoned');
    const notStarted = entries.filter(({ run }) => run === undefined);
    if (stopping && (failed || notStarted.length > 0)) return finishStop(step, execution, 'Stopped');
    if (failed) return failStage(step, execution);
    if (notStarted.length > 0) {
      for (const { action } of notStarted) startAction(step, execution, stageName, action, group.runOrder);
      return true;
    }
  }
  return stopping ? finishStop(step, execution, 'Succeeded') : succeedStage(step, execution, declaration.stages.length, stageIndexOf(declaration, stageName));
}

function failStage(step: Step, execution: DraftExecution): boolean {
  if (execution.position.kind !== 'in-stage') return false;
  const stageName = execution.position.stageName;
  const stage = execution.stages[stageName];
  if (stage === undefined) return false;
  const now = step.context.now;
  stage.status = 'Failed';
  stage.updatedAt = now;
  delete stage.retryMode;
  const failedAction = Object.entries(stage.actions).find(([, run]) => run.status === 'Failed');
  execution.status = 'Failed';
  execution.statusSummary =
    failedAction === undefined
      ? `Stage ${stageName} failed.`
      : `Action ${failedAction[0]} in stage ${stageName} failed: ${failedAction[1].errorDetails?.message ?? 'no details'}`;
  // A failure releases the stage lock (rule 2); the execution stays the stage's latest, retryable.
  execution.position = { kind: 'done' };
  touch(step, execution);
  step.changes.push({ entity: 'stage', executionId: execution.id, stageName, state: 'FAILED', at: now });
  step.changes.push({ entity: 'pipeline', executionId: execution.id, state: 'FAILED', at: now });
  return true;
}

/** A stopping execution has nothing left running: the stage and the execution are stopped. */
function finishStop(step: Step, execution: DraftExecution, stageStatus: 'Stopped' | 'Succeeded'): boolean {
  if (execution.position.kind !== 'in-stage') return false;
  const stageName = execution.position.stageName;
  const stage = execution.stages[stageName];
  if (stage === undefined) return false;
  const now = step.context.now;
  stage.status = stageStatus;
  stage.updatedAt = now;
  delete stage.retryMode;
  execution.status = 'Stopped';
  execution.statusSummary = execution.stop?.reason !== undefined ? `Stopped: ${execution.stop.reason}` : 'Stopped';
  execution.position = { kind: 'done' };
  touch(step, execution);
  step.changes.push({ entity: 'stage', executionId: execution.id, stageName, state: stageStatus === 'Stopped' ? 'STOPPED' : 'SUCCEEDED', at: now });
  step.changes.push({ entity: 'pipeline', executionId: execution.id, state: 'STOPPED', at: now });
  return true;
}

function succeedStage(step: Step, execution: DraftExecution, stageCount: number, stageIndex: number): boolean {
  if (execution.position.kind !== 'in-stage') return false;
  const stageName = execution.position.stageName;
  const stage = execution.stages[stageName];
  if (stage === undefined) return false;
  const now = step.context.now;
  stage.status = 'Succeeded';
  stage.updatedAt = now;
  delete stage.retryMode;
  step.changes.push({ entity: 'stage', executionId: execution.id, stageName, state: 'SUCCEEDED', at: now });

  const last = stageIndex === stageCount - 1 || execution.rollback !== undefined;
  if (last) {
    execution.status = 'Succeeded';
    delete execution.statusSummary;
    execution.position = { kind: 'done' };
    touch(step, execution);
    step.changes.push({ entity: 'pipeline', executionId: execution.id, state: 'SUCCEEDED', at: now });
    return true;
  }
  if (execution.mode !== 'PARALLEL' && execution.pipelineVersion !== step.state.current.version) {
    // The definition changed while this execution ran: it finished its stage on the old definition
    // and goes no further (CodePipeline marks it Cancelled).
    execution.status = 'Cancelled';
    execution.statusSummary = `The pipeline was updated to version ${step.state.current.version} while this execution ran on version ${execution.pipelineVersion}.`;
    execution.position = { kind: 'done' };
    touch(step, execution);
    step.changes.push({ entity: 'pipeline', executionId: execution.id, state: 'CANCELED', at: now });
    return true;
  }
  const nextStage = declarationOf(step.state, execution).stages[stageIndex + 1];
  if (nextStage === undefined) throw new Error(`Stage ${stageIndex + 1} missing after ${stageName}`);
  arriveAt(step, execution, nextStage.name);
  return true;
}
