import { PipewrightError } from '../errors/index.js';
import type { RetryStage } from './events.js';
import { startConditionSet } from './conditions/condition-runs.js';
import { startAction } from './run-action.js';
import { currentDeclaration, declarationOf, moveTo, runOrderGroups, stageOf, type DraftExecution, type Step } from './step.js';

/**
 * Retries a failed or stopped stage in the same execution: FAILED_ACTIONS re-runs what did not succeed,
 * ALL_ACTIONS re-runs the stage from its first runOrder group. Refused once a later execution has
 * entered the stage, once the pipeline's structure changed, or when nothing in the stage failed (rule 11,
 * rules.md).
 *
 * FAILED_ACTIONS also applies at once to a stage still running, as AWS documents ("you can retry a
 * stage immediately if any of the actions in the stage fail… all actions that are still in progress
 * continue working, and failed actions are triggered again"): the stage has not failed yet, since a
 * failed action fails it only once its runOrder group has settled. ALL_ACTIONS needs no action running.
 */
export function retryStage(step: Step, event: RetryStage): void {
  const { state, context } = step;
  if (stageOf(currentDeclaration(step), event.stageName) === undefined) {
    throw new PipewrightError('StageNotFoundException', `Pipeline ${state.pipelineName} has no stage ${event.stageName}.`);
  }
  const latest = state.stageLatest[event.stageName];
  const execution = state.executions[event.executionId];
  if (latest !== event.executionId || execution === undefined) {
    throw new PipewrightError(
      'NotLatestPipelineExecutionException',
      latest === undefined
        ? `No execution of ${state.pipelineName} has run stage ${event.stageName} yet.`
        : `Execution ${event.executionId} is not the latest execution of stage ${event.stageName} (that is ${latest}): only the latest execution of a stage can be retried.`,
    );
  }
  const stage = execution.stages[event.stageName];
  const runningActions = stage?.status === 'InProgress' && execution.status === 'InProgress' && (stage.phase ?? 'actions') === 'actions';
  if (runningActions && event.retryMode === 'FAILED_ACTIONS' && failedActionsOf(stage).length > 0) {
    retryFailedActionsNow(step, execution, event.stageName);
    return;
  }
  if (stage === undefined || (stage.status !== 'Failed' && stage.status !== 'Stopped')) {
    throw new PipewrightError(
      'StageNotRetryableException',
      stage?.status === 'InProgress' || stage?.status === 'Stopping'
        ? event.retryMode === 'ALL_ACTIONS' && failedActionsOf(stage).length > 0
          ? `Stage ${event.stageName} of execution ${event.executionId} still has actions in progress: ALL_ACTIONS can start once none is running (FAILED_ACTIONS retries the failed ones now).`
          : `Stage ${event.stageName} of execution ${event.executionId} is still running with no failed action; a retry can start once an action has failed or the stage has stopped.`
        : `Stage ${event.stageName} of execution ${event.executionId} has no failed actions to retry (it is ${stage?.status ?? 'not started'}).`,
    );
  }
  if (execution.pipelineVersion !== step.declarations.current.version) {
    throw new PipewrightError(
      'StageNotRetryableException',
      `The pipeline structure changed (version ${execution.pipelineVersion} → ${step.declarations.current.version}) after execution ${event.executionId} ran stage ${event.stageName}.`,
    );
  }
  if (step.positions.activeCount >= context.maxConcurrentExecutions) {
    throw new PipewrightError(
      'ConcurrentPipelineExecutionsLimitExceededException',
      `Pipeline ${state.pipelineName} already has ${context.maxConcurrentExecutions} executions in progress, the most allowed at once.`,
    );
  }

  const now = context.now;
  for (const [actionName, run] of Object.entries(stage.actions)) {
    if (event.retryMode === 'ALL_ACTIONS' || run.status !== 'Succeeded') delete stage.actions[actionName];
  }
  stage.status = 'InProgress';
  stage.updatedAt = now;
  stage.retryMode = event.retryMode;
  // A stage that failed on its entry conditions checks them again; otherwise its actions run again.
  const failedOnEntry = stage.phase === 'before-entry';
  stage.phase = failedOnEntry ? 'before-entry' : 'actions';
  stage.conditions = {};
  stage.retry.manualStageRetryAttempt += 1;
  stage.retry.latestRetryTrigger = 'ManualStageRetry';
  execution.status = 'InProgress';
  delete execution.statusSummary;
  delete execution.stop;
  moveTo(step, execution, { kind: 'in-stage', stageName: event.stageName, arrival: state.sequence });
  step.changes.push({ entity: 'pipeline', executionId: execution.id, state: 'RESUMED', at: now });
  step.changes.push({ entity: 'stage', executionId: execution.id, stageName: event.stageName, state: 'RESUMED', at: now });
  if (failedOnEntry) startConditionSet(step, execution, event.stageName, 'beforeEntry');
}

function failedActionsOf(stage: { actions: Record<string, { status: string }> }): string[] {
  return Object.entries(stage.actions)
    .filter(([, run]) => run.status === 'Failed')
    .map(([actionName]) => actionName);
}

/** FAILED_ACTIONS in a stage still running: its failed actions start again beside those still at work. */
function retryFailedActionsNow(step: Step, execution: DraftExecution, stageName: string): void {
  const stage = execution.stages[stageName];
  const stageDeclaration = stageOf(declarationOf(step, execution), stageName);
  if (stage === undefined || stageDeclaration === undefined) {
    throw new Error(`Execution ${execution.id} is in stage ${stageName}, which its declaration (version ${execution.pipelineVersion}) lacks`);
  }
  if (execution.pipelineVersion !== step.declarations.current.version) {
    throw new PipewrightError(
      'StageNotRetryableException',
      `The pipeline structure changed (version ${execution.pipelineVersion} → ${step.declarations.current.version}) after execution ${execution.id} entered stage ${stageName}.`,
    );
  }
  stage.retryMode = 'FAILED_ACTIONS';
  stage.retry.manualStageRetryAttempt += 1;
  stage.retry.latestRetryTrigger = 'ManualStageRetry';
  stage.updatedAt = step.context.now;
  const failed = new Set(failedActionsOf(stage));
  for (const group of runOrderGroups(stageDeclaration)) {
    for (const action of group.actions) if (failed.has(action.name)) startAction(step, execution, stageName, action, group.runOrder);
  }
}
