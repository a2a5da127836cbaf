import type { ActionState, GetPipelineStateOutput, StageState } from '@aws-sdk/client-codepipeline';
import { colourStatus, formatTime } from './format.js';
import type { Colors } from './terminal.js';

/**
 * GetPipelineState as lines of text (`status`, `watch`): each stage with its latest execution, the
 * transition into it when disabled, the executions waiting to enter, and its actions with status,
 * time and summary. Approvals waiting for an answer say how to give it.
 */
export function pipelineStateLines(state: GetPipelineStateOutput, colors: Colors): string[] {
  const lines = [colors.bold(`Pipeline ${state.pipelineName ?? '?'}`) + colors.dim(` (version ${state.pipelineVersion ?? '?'})`)];
  for (const stage of state.stageStates ?? []) lines.push(...stageLines(state.pipelineName ?? '', stage, colors));
  return lines;
}

function stageLines(pipelineName: string, stage: StageState, colors: Colors): string[] {
  const lines: string[] = [];
  const transition = stage.inboundTransitionState;
  if (transition?.enabled === false) {
    const reason = transition.disabledReason !== undefined ? `: ${transition.disabledReason}` : '';
    lines.push(colors.yellow(`  ⏸ transition into ${stage.stageName ?? '?'} disabled${reason}`) + colors.dim(by(transition.lastChangedBy)));
  }
  const latest = stage.latestExecution;
  const execution = latest?.pipelineExecutionId !== undefined ? colors.dim(` ${latest.pipelineExecutionId}`) : '';
  lines.push(`${colors.bold(stage.stageName ?? '?')}  ${colourStatus(colors, latest?.status)}${execution}`);
  for (const inbound of stage.inboundExecutions ?? []) {
    lines.push(colors.dim(`  ⇢ waiting to enter: ${inbound.pipelineExecutionId ?? '?'}`));
  }
  for (const action of stage.actionStates ?? []) lines.push(...actionLines(pipelineName, stage.stageName ?? '', action, colors));
  return lines;
}

function actionLines(pipelineName: string, stageName: string, action: ActionState, colors: Colors): string[] {
  const run = action.latestExecution;
  const parts = [`  ${action.actionName ?? '?'}`, colourStatus(colors, run?.status)];
  if (run?.lastStatusChange !== undefined) parts.push(colors.dim(formatTime(run.lastStatusChange)));
  if (run?.percentComplete !== undefined && run.status === 'InProgress') parts.push(`${run.percentComplete}%`);
  if (run?.summary !== undefined && run.summary !== '') parts.push(colors.dim(`— ${oneLine(run.summary)}`));
  const lines = [parts.join('  ')];
  if (run?.errorDetails?.message !== undefined) lines.push(colors.red(`    ${run.errorDetails.code ?? 'Error'}: ${oneLine(run.errorDetails.message)}`));
  if (run?.status === 'InProgress' && run.token !== undefined) {
    lines.push(colors.yellow(`    waiting for approval: pipewright approve|reject ${quote(pipelineName)} ${quote(stageName)} ${quote(action.actionName ?? '')}`));
  }
  return lines;
}

function by(who: string | undefined): string {
  return who !== undefined ? ` (by ${who})` : '';
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

function quote(word: string): string {
  return /^[\w.@/-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
