import type { ConditionResult, StageDeclaration } from '../declaration/types.js';
import { abandonConditionSet, hasRules, startConditionSet } from './conditions/condition-runs.js';
import { startRollback } from './rollback.js';
import { startAction } from './run-action.js';
import { arriveAt } from './stage-entry.js';
import type { ConditionType } from './state.js';
import { declarationOf, moveTo, runOrderGroups, stageIndexOf, stageOf, touch, type DraftExecution, type Step } from './step.js';

/**
 * Moves an execution inside its stage through the stage's phases: entry conditions, then the actions
 * (runOrder groups one after the other, actions of a group in parallel; a failed action fails the stage
 * once its group has settled), then success conditions, or failure conditions and their result (retry
 * once, roll back, fail). A stop lets running actions finish and starts nothing new. Returns whether
 * anything changed.
 */
export function progressInStage(step: Step, execution: DraftExecution): boolean {
  if (execution.position.kind !== 'in-stage') return false;
  const stageName = execution.position.stageName;
  const declaration = declarationOf(step, execution);
  const stageDeclaration = stageOf(declaration, stageName);
  const stage = execution.stages[stageName];
  if (stageDeclaration === undefined || stage === undefined) {
    throw new Error(`Execution ${execution.id} is in stage ${stageName}, which its declaration (version ${execution.pipelineVersion}) lacks`);
  }
  switch (stage.phase ?? 'actions') {
    case 'before-entry':
      return progressConditions(step, execution, stageName, stageDeclaration, 'beforeEntry');
    case 'on-success':
      return progressConditions(step, execution, stageName, stageDeclaration, 'onSuccess');
    case 'on-failure':
      return progressConditions(step, execution, stageName, stageDeclaration, 'onFailure');
    case 'actions':
      return progressActions(step, execution, stageName, stageDeclaration);
  }
}

/** Rule 6 (rules.md): runOrder groups one after the other; a failed action fails the stage once its group settled. */
function progressActions(step: Step, execution: DraftExecution, stageName: string, stageDeclaration: StageDeclaration): boolean {
  const stage = execution.stages[stageName];
  if (stage === undefined) return false;
  const stopping = execution.status === 'Stopping';
  for (const group of runOrderGroups(stageDeclaration)) {
    const entries = group.actions.map((action) => ({ action, run: stage.actions[action.name] }));
    if (entries.some(({ run }) => run?.status === 'InProgress')) return false;
    const failed = entries.some(({ run }) => run?.status === 'Failed' || run?.status === 'Abandoned');
    const notStarted = entries.filter(({ run }) => run === undefined);
    if (stopping && (failed || notStarted.length > 0)) return finishStop(step, execution, 'Stopped');
    if (failed) return actionsFailed(step, execution, stageName, stageDeclaration);
    if (notStarted.length > 0) {
      for (const { action } of notStarted) startAction(step, execution, stageName, action, group.runOrder);
      return true;
    }
  }
  if (stopping) return finishStop(step, execution, 'Succeeded');
  if (hasRules(stageDeclaration, 'onSuccess')) {
    stage.phase = 'on-success';
    startConditionSet(step, execution, stageName, 'onSuccess');
    return true;
  }
  return succeedStage(step, execution);
}

/** The actions failed: the stage's failure conditions decide what follows (or it simply fails). */
function actionsFailed(step: Step, execution: DraftExecution, stageName: string, stageDeclaration: StageDeclaration): boolean {
  const stage = execution.stages[stageName];
  const result = stageDeclaration.onFailure?.result;
  if (stage === undefined || result === undefined) return failStage(step, execution);
  if (hasRules(stageDeclaration, 'onFailure')) {
    stage.phase = 'on-failure';
    startConditionSet(step, execution, stageName, 'onFailure');
    return true;
  }
  return engageFailureResult(step, execution, stageName, stageDeclaration, result);
}

function progressConditions(step: Step, execution: DraftExecution, stageName: string, stageDeclaration: StageDeclaration, type: ConditionType): boolean {
  const set = execution.stages[stageName]?.conditions?.[type];
  if (execution.status === 'Stopping') {
    abandonConditionSet(step, execution, stageName, type, 'Abandoned');
    return finishStop(step, execution, type === 'onSuccess' ? 'Succeeded' : 'Stopped');
  }
  if (set === undefined || set.status === 'InProgress') return false;
  const held = set.status === 'Succeeded' || set.status === 'Overridden';
  const result = conditionResult(stageDeclaration, type, set.conditions.findIndex((condition) => condition.status !== 'Succeeded'));
  const stage = execution.stages[stageName];
  switch (type) {
    case 'beforeEntry':
      if (held) {
        if (stage !== undefined) stage.phase = 'actions';
        return true;
      }
      return result === 'SKIP' ? skipStage(step, execution) : failStage(step, execution);
    case 'onSuccess':
      if (held) return succeedStage(step, execution);
      if (result === 'ROLLBACK') {
        failStage(step, execution);
        startRollback(step, { stageName, trigger: 'AutomatedRollback', failedExecutionId: execution.id });
        return true;
      }
      return failStage(step, execution);
    case 'onFailure':
      // Failure conditions check whether the failure result should be engaged: only when they hold.
      if (!held) return failStage(step, execution);
      return engageFailureResult(step, execution, stageName, stageDeclaration, stageDeclaration.onFailure?.result ?? 'FAIL');
  }
}

function conditionResult(stageDeclaration: StageDeclaration, type: ConditionType, failedIndex: number): ConditionResult {
  const conditions = stageDeclaration[type]?.conditions ?? [];
  return conditions[failedIndex]?.result ?? conditions[0]?.result ?? 'FAIL';
}

function engageFailureResult(step: Step, execution: DraftExecution, stageName: string, stageDeclaration: StageDeclaration, result: ConditionResult): boolean {
  const stage = execution.stages[stageName];
  if (stage === undefined) return false;
  if (result === 'RETRY' && stage.retry.autoStageRetryAttempt < 1) {
    retryAutomatically(step, execution, stageName, stageDeclaration.onFailure?.retryConfiguration?.retryMode ?? 'FAILED_ACTIONS');
    return true;
  }
  failStage(step, execution);
  if (result === 'ROLLBACK') startRollback(step, { stageName, trigger: 'AutomatedRollback', failedExecutionId: execution.id });
  return true;
}

/** CodePipeline retries a failed stage automatically once when its failure result is RETRY (rule 16). */
function retryAutomatically(step: Step, execution: DraftExecution, stageName: string, mode: 'FAILED_ACTIONS' | 'ALL_ACTIONS'): void {
  const stage = execution.stages[stageName];
  if (stage === undefined) return;
  for (const [actionName, run] of Object.entries(stage.actions)) {
    if (mode === 'ALL_ACTIONS' || run.status !== 'Succeeded') delete stage.actions[actionName];
  }
  stage.phase = 'actions';
  stage.retryMode = mode;
  stage.updatedAt = step.context.now;
  if (stage.conditions?.onFailure !== undefined) {
    const { onFailure: _dropped, ...rest } = stage.conditions;
    stage.conditions = rest;
  }
  stage.retry.autoStageRetryAttempt += 1;
  stage.retry.latestRetryTrigger = 'AutomatedStageRetry';
  touch(step, execution);
  step.changes.push({ entity: 'stage', executionId: execution.id, stageName, state: 'RESUMED', at: step.context.now });
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
  const failedCondition = Object.entries(stage.conditions ?? {}).find(([, set]) => set.status === 'Failed' || set.status === 'Errored');
  execution.status = 'Failed';
  execution.statusSummary =
    failedAction !== undefined
      ? `Action ${failedAction[0]} in stage ${stageName} failed: ${failedAction[1].errorDetails?.message ?? 'no details'}`
      : failedCondition !== undefined
        ? `The ${failedCondition[0]} condition of stage ${stageName} failed: ${failedCondition[1].summary ?? 'a rule failed'}`
        : `Stage ${stageName} failed.`;
  // A failure releases the stage lock (rule 2, rules.md); the execution stays the stage's latest, retryable.
  moveTo(step, execution, { kind: 'done' });
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
  moveTo(step, execution, { kind: 'done' });
  step.changes.push({ entity: 'stage', executionId: execution.id, stageName, state: stageStatus === 'Stopped' ? 'STOPPED' : 'SUCCEEDED', at: now });
  step.changes.push({ entity: 'pipeline', executionId: execution.id, state: 'STOPPED', at: now });
  return true;
}

/** Rule 7: the stage succeeded; the execution moves on to the next one. */
function succeedStage(step: Step, execution: DraftExecution): boolean {
  if (execution.position.kind !== 'in-stage') return false;
  const stageName = execution.position.stageName;
  const stage = execution.stages[stageName];
  if (stage === undefined) return false;
  const now = step.context.now;
  stage.status = 'Succeeded';
  stage.updatedAt = now;
  delete stage.retryMode;
  if (execution.pipelineVersion === step.declarations.current.version) step.state.stageLastSucceeded[stageName] = execution.id;
  step.changes.push({ entity: 'stage', executionId: execution.id, stageName, state: 'SUCCEEDED', at: now });
  return leaveStage(step, execution, stageName);
}

/** An entry condition with result SKIP failed: the stage is Skipped and the execution goes on. */
function skipStage(step: Step, execution: DraftExecution): boolean {
  if (execution.position.kind !== 'in-stage') return false;
  const stageName = execution.position.stageName;
  const stage = execution.stages[stageName];
  if (stage === undefined) return false;
  stage.status = 'Skipped';
  stage.updatedAt = step.context.now;
  return leaveStage(step, execution, stageName);
}

function leaveStage(step: Step, execution: DraftExecution, stageName: string): boolean {
  const now = step.context.now;
  const declaration = declarationOf(step, execution);
  const stageIndex = stageIndexOf(declaration, stageName);
  const last = stageIndex === declaration.stages.length - 1 || execution.rollback !== undefined;
  if (last) {
    execution.status = 'Succeeded';
    delete execution.statusSummary;
    moveTo(step, execution, { kind: 'done' });
    step.changes.push({ entity: 'pipeline', executionId: execution.id, state: 'SUCCEEDED', at: now });
    return true;
  }
  if (execution.mode !== 'PARALLEL' && execution.pipelineVersion !== step.declarations.current.version) {
    // The definition changed while this execution ran: it finished its stage on the old definition
    // and goes no further (CodePipeline marks it Cancelled).
    execution.status = 'Cancelled';
    execution.statusSummary = `The pipeline was updated to version ${step.declarations.current.version} while this execution ran on version ${execution.pipelineVersion}.`;
    moveTo(step, execution, { kind: 'done' });
    step.changes.push({ entity: 'pipeline', executionId: execution.id, state: 'CANCELED', at: now });
    return true;
  }
  const nextStage = declaration.stages[stageIndex + 1];
  if (nextStage === undefined) throw new Error(`Stage ${stageIndex + 1} missing after ${stageName}`);
  arriveAt(step, execution, nextStage.name);
  return true;
}
