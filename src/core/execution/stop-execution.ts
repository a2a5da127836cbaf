import { PipewrightError } from '../errors/index.js';
import type { StopExecution } from './events.js';
import { isActive } from './statuses.js';
import { moveTo, touch, type Step } from './step.js';

/**
 * Stop and wait: running actions finish, nothing new starts, Stopping then Stopped. Stop and abandon:
 * running actions are Abandoned at once and their work cancelled. An execution waiting in front of a
 * stage stops at once. Abandon may follow a stop-and-wait; any other repeat is a duplicate (rule 10, rules.md).
 */
export function stopExecution(step: Step, event: StopExecution): void {
  const execution = step.state.executions[event.executionId];
  if (execution === undefined || !isActive(execution.status)) {
    throw new PipewrightError(
      'PipelineExecutionNotStoppableException',
      `Execution ${event.executionId} cannot be stopped: it is ${execution?.status ?? 'no longer in progress'}.`,
    );
  }
  if (execution.status === 'Stopping') {
    if (execution.stop?.abandon === true || !event.abandon) {
      throw new PipewrightError(
        'DuplicatedStopRequestException',
        `Execution ${event.executionId} is already stopping (${execution.stop?.abandon === true ? 'abandoning' : 'waiting for'} its running actions).`,
      );
    }
  }
  const now = step.context.now;
  execution.stop = { abandon: event.abandon, requestedAt: now, ...(event.reason !== undefined ? { reason: event.reason } : {}) };
  touch(step, execution);

  if (execution.position.kind === 'waiting') {
    execution.status = 'Stopped';
    execution.statusSummary = event.reason !== undefined ? `Stopped: ${event.reason}` : 'Stopped';
    moveTo(step, execution, { kind: 'done' });
    step.changes.push({ entity: 'pipeline', executionId: execution.id, state: 'STOPPED', at: now });
    return;
  }
  if (execution.position.kind !== 'in-stage') return;
  const stageName = execution.position.stageName;
  const stage = execution.stages[stageName];
  if (execution.status !== 'Stopping') {
    execution.status = 'Stopping';
    step.changes.push({ entity: 'pipeline', executionId: execution.id, state: 'STOPPING', at: now });
    if (stage !== undefined) {
      stage.status = 'Stopping';
      stage.updatedAt = now;
      step.changes.push({ entity: 'stage', executionId: execution.id, stageName, state: 'STOPPING', at: now });
    }
  }
  if (!event.abandon || stage === undefined) return;
  for (const [actionName, run] of Object.entries(stage.actions)) {
    if (run.status !== 'InProgress') continue;
    run.status = 'Abandoned';
    run.updatedAt = now;
    delete run.deadline;
    step.effects.push({ type: 'CancelAction', actionExecutionId: run.actionExecutionId, reason: 'abandoned' });
    step.changes.push({ entity: 'action', executionId: execution.id, stageName, actionName, actionExecutionId: run.actionExecutionId, state: 'ABANDONED', at: now });
  }
}
