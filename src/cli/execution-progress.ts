import {
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  type GetPipelineStateOutput,
  type PipelineExecution,
} from '@aws-sdk/client-codepipeline';
import type { CliContext } from './cli-context.js';
import { colourStatus, formatDuration } from './format.js';
import { readOnEveryChange } from './live-reads.js';

/** Where an execution stops moving. */
const endStatuses: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled']);

export function hasEnded(status: string | undefined): boolean {
  return status !== undefined && endStatuses.has(status);
}

/**
 * Follows one execution until it ends, printing a line each time one of its stages or actions changes
 * status (`print`: stdout, or stderr beside --json). Live from the event stream: the execution and the
 * pipeline's state are read again after each change. Returns the execution as it ended.
 */
export async function followExecution(
  context: CliContext,
  pipelineName: string,
  pipelineExecutionId: string,
  print: (line: string) => void,
): Promise<PipelineExecution> {
  const { colors } = context.out;
  const started = Date.now();
  const seen = new Map<string, string>();
  const read = async (): Promise<{ execution: PipelineExecution | undefined; state: GetPipelineStateOutput }> => {
    const [execution, state] = await Promise.all([
      context.send((client) => client.send(new GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId }))),
      context.send((client) => client.send(new GetPipelineStateCommand({ name: pipelineName }))),
    ]);
    return { execution: execution.pipelineExecution, state };
  };
  for await (const { execution, state } of readOnEveryChange(context.connection, pipelineName, read)) {
    for (const [where, status, detail] of changesOf(state, pipelineExecutionId)) {
      if (seen.get(where) === status + detail) continue;
      seen.set(where, status + detail);
      const elapsed = colors.dim(`[${formatDuration(Date.now() - started).padStart(6)}]`);
      print(`${elapsed} ${where} ${colourStatus(colors, status)}${detail !== '' ? colors.dim(` ${detail}`) : ''}`);
    }
    if (execution !== undefined && hasEnded(execution.status)) return execution;
  }
  throw new Error('the event stream ended before the execution did');
}

/** [where, status, detail] for each stage and action the execution has reached. */
function changesOf(state: GetPipelineStateOutput, pipelineExecutionId: string): [string, string, string][] {
  const changes: [string, string, string][] = [];
  for (const stage of state.stageStates ?? []) {
    const name = stage.stageName ?? '?';
    if (stage.inboundExecutions?.some((inbound) => inbound.pipelineExecutionId === pipelineExecutionId) === true) {
      const disabled = stage.inboundTransitionState?.enabled === false;
      changes.push([name, 'Waiting', disabled ? `(transition disabled${stage.inboundTransitionState?.disabledReason !== undefined ? `: ${stage.inboundTransitionState.disabledReason}` : ''})` : '(stage busy)']);
      continue;
    }
    if (stage.latestExecution?.pipelineExecutionId !== pipelineExecutionId) continue;
    changes.push([name, stage.latestExecution.status ?? '?', '']);
    for (const action of stage.actionStates ?? []) {
      const run = action.latestExecution;
      if (run?.status === undefined) continue;
      const detail = run.errorDetails?.message ?? (run.status === 'InProgress' && run.token !== undefined ? 'waiting for approval' : '');
      changes.push([`${name}/${action.actionName ?? '?'}`, run.status, detail]);
    }
  }
  return changes;
}
