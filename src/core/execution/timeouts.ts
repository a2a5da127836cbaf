import { nextRuleWake, reevaluateRules } from './conditions/condition-runs.js';
import { isActive } from './statuses.js';
import type { PipelineState } from './state.js';
import { touch, type Step } from './step.js';

/**
 * Time passed: actions past their deadline fail (an expired approval is a failed approval: rule 14) and their work
 * is cancelled; rules waiting for a deployment window look again, and rules past their deadline fail.
 */
export function timeOutActions(step: Step): void {
  const now = step.context.now;
  for (const execution of Object.values(step.state.executions)) {
    if (!isActive(execution.status)) continue;
    reevaluateRules(step, execution);
    for (const [stageName, stage] of Object.entries(execution.stages)) {
      for (const [actionName, run] of Object.entries(stage.actions)) {
        if (run.status !== 'InProgress' || run.deadline === undefined || run.deadline > now) continue;
        const minutes = Math.round((run.deadline - (run.startedAt ?? run.deadline)) / 60_000);
        const approval = run.token !== undefined;
        run.status = 'Failed';
        run.updatedAt = now;
        run.errorDetails = {
          code: 'TimeoutError',
          message: approval ? `The approval request expired after ${minutes} minutes without an answer.` : `The action did not finish within its timeout of ${minutes} minutes.`,
        };
        delete run.deadline;
        touch(step, execution);
        if (!approval) step.effects.push({ type: 'CancelAction', actionExecutionId: run.actionExecutionId, reason: 'timed-out' });
        step.changes.push({ entity: 'action', executionId: execution.id, stageName, actionName, actionExecutionId: run.actionExecutionId, state: 'FAILED', at: now });
      }
    }
  }
}

/** The earliest deadline of any running action or rule: when the engine must wake up. */
export function nextDeadline(state: PipelineState): number | undefined {
  let earliest: number | undefined;
  for (const execution of Object.values(state.executions)) {
    if (!isActive(execution.status)) continue;
    const ruleWake = nextRuleWake(execution);
    if (ruleWake !== undefined && (earliest === undefined || ruleWake < earliest)) earliest = ruleWake;
    for (const stage of Object.values(execution.stages)) {
      for (const run of Object.values(stage.actions)) {
        if (run.status === 'InProgress' && run.deadline !== undefined && (earliest === undefined || run.deadline < earliest)) earliest = run.deadline;
      }
    }
  }
  return earliest;
}
