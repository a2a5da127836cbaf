import type { Draft } from 'immer';
import { isActive } from './statuses.js';
import type { ExecutionState, PipelineState } from './state.js';

/**
 * Stage locks and inbound queues, derived from where the active executions are. A stage is locked by
 * the execution inside it, unless that execution runs in PARALLEL mode (no locks there); executions in
 * front of a stage are its inbound executions, in arrival order.
 */
type AnyState = PipelineState | Draft<PipelineState>;
type AnyExecution = ExecutionState | Draft<ExecutionState>;

export function activeExecutions(state: AnyState): AnyExecution[] {
  return Object.values(state.executions).filter((execution) => isActive(execution.status));
}

export function lockHolder(state: AnyState, stageName: string): AnyExecution | undefined {
  return activeExecutions(state).find(
    (execution) => execution.mode !== 'PARALLEL' && execution.position.kind === 'in-stage' && execution.position.stageName === stageName,
  );
}

export function inboundExecutions(state: AnyState, stageName: string): AnyExecution[] {
  return activeExecutions(state)
    .filter((execution) => execution.position.kind === 'waiting' && execution.position.stageName === stageName)
    .sort((a, b) => arrivalOf(a) - arrivalOf(b));
}

export function arrivalOf(execution: AnyExecution): number {
  return execution.position.kind === 'done' ? Number.POSITIVE_INFINITY : execution.position.arrival;
}
