import { isActive } from './statuses.js';
import type { PipelineState } from './state.js';
import { touch, type Step } from './step.js';

/** Actions past their deadline fail (an expired approval is a failed approval) and their work is cancelled. */
export function timeOutActions(step: Step): void {
  const now = step.context.now;
  for (const execution of Object.values(step.state.executions)) {
    if (!isActive(execution.status)) continue;
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

/** The earliest deadline of any running action: when the engine must wake to time it out. */
export function nextDeadline(state: PipelineState): number | undefined {
  let earliest: number | undefined;
  for (const execution of Object.values(state.executions)) {
    if (!isActive(execution.status)) continue;
    for (const stage of Object.values(execution.stages)) {
      for (const run of Object.values(stage.actions)) {
        if (run.status === 'InProgress' && run.deadline !== undefined && (earliest === undefined || run.deadline < earliest)) earliest = run.deadline;
      }
    }
  }
  return earliest;
}
