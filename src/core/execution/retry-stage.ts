import { PipewrightError } from '../errors/index.js';
import type { RetryStage } from './events.js';
import { startConditionSet } from './conditions/condition-runs.js';
import { currentDeclaration, moveTo, stageOf, type Step } from './step.js';

/**
 * Retries a failed or stopped stage in the same execution: FAILED_ACTIONS re-runs what did not succeed,
 * ALL_ACTIONS re-runs the stage from its first runOrder group. Refused once a later execution has
 * entered the stage, once the pipeline's structure changed, or when nothing in the stage failed.
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
        ? `Execution ${event.executionId} has not run stage ${event.stageName}.`
        : `Execution ${latest} entered stage ${event.stageName} after execution ${event.executionId}: only the latest execution of a stage can be retried.`,
    );
  }
  const stage = execution.stages[event.stageName];
  if (stage === undefined || (stage.status !== 'Failed' && stage.status !== 'Stopped')) {
    throw new PipewrightError(
      'StageNotRetryableException',
      stage?.status === 'InProgress' || stage?.status === 'Stopping'
        ? `Stage ${event.stageName} of execution ${event.executionId} is still running; a retry can start once it has failed or stopped.`
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
