import { PipewrightError } from '../errors/index.js';
import type { AnswerApproval } from './events.js';
import { currentDeclaration, stageOf, touch, type Step } from './step.js';

/**
 * A person's answer to a manual approval (rule 14, rules.md). The token identifies the waiting approval; an answered one
 * refuses a second answer (ApprovalAlreadyCompletedException). An expired one, like any other token
 * nothing waits for, is invalid (InvalidApprovalTokenException: AWS's "already received a response or
 * has expired"), so a late answer tells the caller the request timed out rather than that someone answered.
 */
export function answerApproval(step: Step, event: AnswerApproval): void {
  const { state, context } = step;
  const stage = stageOf(currentDeclaration(step), event.stageName);
  if (stage === undefined) throw new PipewrightError('StageNotFoundException', `Pipeline ${state.pipelineName} has no stage ${event.stageName}.`);
  const action = stage.actions.find((candidate) => candidate.name === event.actionName);
  if (action === undefined) {
    throw new PipewrightError('ActionNotFoundException', `Stage ${event.stageName} of pipeline ${state.pipelineName} has no action ${event.actionName}.`);
  }
  if (action.actionTypeId.category !== 'Approval') {
    throw new PipewrightError('InvalidApprovalTokenException', `Action ${event.actionName} in stage ${event.stageName} is not an approval action.`);
  }
  for (const candidate of Object.values(state.executions)) {
    const run = candidate.stages[event.stageName]?.actions[event.actionName];
    if (run?.token !== event.token) continue;
    if (run.status !== 'InProgress' && run.errorDetails?.code === 'TimeoutError') {
      throw new PipewrightError(
        'InvalidApprovalTokenException',
        `The approval ${event.actionName} in stage ${event.stageName} expired without an answer; its token is no longer valid.`,
      );
    }
    if (run.status !== 'InProgress') {
      throw new PipewrightError(
        'ApprovalAlreadyCompletedException',
        `The approval ${event.actionName} in stage ${event.stageName} was already ${run.status === 'Succeeded' ? 'approved' : 'rejected'}.`,
      );
    }
    const now = context.now;
    run.status = event.status === 'Approved' ? 'Succeeded' : 'Failed';
    run.updatedAt = now;
    run.updatedBy = event.by;
    delete run.deadline;
    if (event.summary !== undefined) run.summary = event.summary;
    if (event.status === 'Rejected') {
      run.errorDetails = { code: 'JobFailed', message: `Rejected by ${event.by}${event.summary !== undefined ? `: ${event.summary}` : ''}` };
    }
    touch(step, candidate);
    step.changes.push({
      entity: 'action',
      executionId: candidate.id,
      stageName: event.stageName,
      actionName: event.actionName,
      actionExecutionId: run.actionExecutionId,
      state: event.status === 'Approved' ? 'SUCCEEDED' : 'FAILED',
      at: now,
    });
    return;
  }
  throw new PipewrightError(
    'InvalidApprovalTokenException',
    `The token does not match an approval waiting in ${event.stageName}/${event.actionName}: it was already answered, it expired, or it belongs to another run.`,
  );
}
