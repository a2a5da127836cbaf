import type { ActionExecutionDetail, PipelineState } from '../api/types.js';

/**
 * Executions that run only because a manual approval waits for a person: a stage they hold has an
 * action in progress with an approval token (only approvals carry one).
 */
export function awaitingApproval(state: PipelineState | undefined): Set<string> {
  const waiting = new Set<string>();
  for (const stage of state?.stageStates ?? []) {
    const holder = stage.latestExecution;
    if (holder?.status !== 'InProgress') continue;
    if ((stage.actionStates ?? []).some((action) => action.latestExecution?.status === 'InProgress' && action.latestExecution.token !== undefined)) {
      waiting.add(holder.pipelineExecutionId);
    }
  }
  return waiting;
}

/** The approvals of one execution that wait for a person, from its action runs. */
export function pendingApprovals(runs: ActionExecutionDetail[]): ActionExecutionDetail[] {
  return runs.filter((run) => run.status === 'InProgress' && run.input?.actionTypeId?.category === 'Approval');
}
