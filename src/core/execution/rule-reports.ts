import { settleConditionSet } from './conditions/condition-runs.js';
import type { RuleFailed, RuleSucceeded } from './events.js';
import { touch, type Step } from './step.js';

/** The outcome of a rule that needed work (Commands, LambdaInvoke); stale reports change nothing. */
export function ruleReported(step: Step, event: RuleSucceeded | RuleFailed): boolean {
  const execution = step.state.executions[event.executionId];
  const set = execution?.stages[event.stageName]?.conditions?.[event.conditionType];
  if (execution === undefined || set === undefined) return false;
  const run = set.conditions.map((condition) => condition.rules[event.ruleName]).find((candidate) => candidate?.ruleExecutionId === event.ruleExecutionId);
  if (run?.status !== 'InProgress') return false;
  run.updatedAt = step.context.now;
  if (event.externalExecutionId !== undefined) run.externalExecutionId = event.externalExecutionId;
  if (event.externalExecutionUrl !== undefined) run.externalExecutionUrl = event.externalExecutionUrl;
  if (event.type === 'RuleSucceeded') {
    run.status = 'Succeeded';
    if (event.summary !== undefined) run.summary = event.summary;
  } else {
    run.status = 'Failed';
    run.errorDetails = { code: event.failureType, message: event.message };
  }
  settleConditionSet(step, execution, event.stageName, event.conditionType);
  touch(step, execution);
  return true;
}
