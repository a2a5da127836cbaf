import { PipewrightError } from '../errors/index.js';
import { abandonConditionSet } from './conditions/condition-runs.js';
import type { OverrideCondition } from './events.js';
import type { ConditionType } from './state.js';
import { currentDeclaration, stageOf, type Step } from './step.js';

/**
 * OverrideStageCondition: entry or success conditions that are still being checked are set aside
 * (Overridden) and the stage proceeds as if they held. Failure conditions cannot be overridden.
 */
export function overrideCondition(step: Step, event: OverrideCondition): void {
  const { state } = step;
  const stage = stageOf(currentDeclaration(step), event.stageName);
  if (stage === undefined) throw new PipewrightError('StageNotFoundException', `Pipeline ${state.pipelineName} has no stage ${event.stageName}.`);
  const type: ConditionType = event.conditionType === 'BEFORE_ENTRY' ? 'beforeEntry' : 'onSuccess';
  if (state.stageLatest[event.stageName] !== event.executionId) {
    throw new PipewrightError(
      'NotLatestPipelineExecutionException',
      `Execution ${event.executionId} is not the latest execution of stage ${event.stageName}; only its conditions can be overridden.`,
    );
  }
  const execution = state.executions[event.executionId];
  const set = execution?.stages[event.stageName]?.conditions?.[type];
  if (execution === undefined || set?.status !== 'InProgress') {
    throw new PipewrightError(
      'ConditionNotOverridableException',
      stage[type] === undefined
        ? `Stage ${event.stageName} has no ${event.conditionType} condition.`
        : `The ${event.conditionType} condition of stage ${event.stageName} is not being checked for execution ${event.executionId} (it is ${set?.status ?? 'not started'}).`,
    );
  }
  abandonConditionSet(step, execution, event.stageName, type, 'Overridden');
  const overridden = execution.stages[event.stageName]?.conditions?.[type];
  if (overridden !== undefined) overridden.summary = `Overridden by ${event.by}`;
}
