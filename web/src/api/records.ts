import type { ActionExecutionDetail, PipelineExecution, PipelineExecutionSummary, PipelineState, PipelineSummary, With } from './types.js';
import type * as wire from './wire-shapes.js';

/**
 * The records of the API's answers as the pages use them: checked once here, where they arrive, for
 * the members AWS's model leaves optional and the console relies on (see With in types.ts). A record
 * in a list without them is left out; a missing answer is an error that says what is missing.
 */
function has<T extends object, K extends keyof T>(record: T, keys: readonly K[]): record is With<T, K> {
  return keys.every((key) => record[key] !== undefined && record[key] !== null);
}

export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The server's answer has no ${what}.`);
  return value;
}

export const pipelineSummaries = (list: wire.PipelineSummary[] | undefined): PipelineSummary[] => (list ?? []).filter((item) => has(item, ['name']));

export const executionSummaries = (list: wire.PipelineExecutionSummary[] | undefined): PipelineExecutionSummary[] =>
  (list ?? []).filter((item) => has(item, ['pipelineExecutionId', 'status']));

export const actionRuns = (list: wire.ActionExecutionDetail[] | undefined): ActionExecutionDetail[] =>
  (list ?? []).filter((item) => has(item, ['pipelineExecutionId', 'actionExecutionId', 'stageName', 'actionName', 'startTime', 'lastUpdateTime', 'status']));

export function pipelineExecution(execution: wire.PipelineExecution | undefined): PipelineExecution {
  const found = required(execution, 'pipelineExecution');
  if (!has(found, ['pipelineExecutionId', 'pipelineName', 'pipelineVersion', 'status'])) throw new Error("The server's answer has an incomplete pipelineExecution.");
  return found;
}

export function pipelineState(state: wire.GetPipelineStateOutput): PipelineState {
  if (!has(state, ['pipelineName', 'stageStates'])) throw new Error("The server's answer has no pipelineName or stageStates.");
  return state;
}
