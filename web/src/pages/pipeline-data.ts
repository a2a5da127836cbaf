import { call } from '../api/client.js';
import { actionRuns, executionSummaries, pipelineState, required } from '../api/records.js';
import type { ActionExecutionDetail, PipelineDeclaration, PipelineExecutionSummary, PipelineState } from '../api/types.js';

/** What the pipeline view shows, loaded in one go so a live update never shows half-new data. */
export interface PipelineView {
  declaration: PipelineDeclaration;
  state: PipelineState;
  executions: PipelineExecutionSummary[];
  /** Recent action runs by actionExecutionId: their start and end times give durations. */
  runs: Map<string, ActionExecutionDetail>;
}

export async function loadPipelineView(name: string): Promise<PipelineView> {
  const [pipeline, state, executions, actions] = await Promise.all([
    call('GetPipeline', { name }),
    call('GetPipelineState', { name }),
    call('ListPipelineExecutions', { pipelineName: name, maxResults: 25 }),
    call('ListActionExecutions', { pipelineName: name, maxResults: 100 }),
  ]);
  return {
    declaration: required(pipeline.pipeline, 'pipeline'),
    state: pipelineState(state),
    executions: executionSummaries(executions.pipelineExecutionSummaries),
    runs: new Map(actionRuns(actions.actionExecutionDetails).map((detail) => [detail.actionExecutionId, detail])),
  };
}

/** Why an inbound execution waits in front of a stage, in the words of the console. */
export function waitingReason(
  view: PipelineView,
  stageName: string,
  index: number,
): { kind: 'transition' | 'locked' | 'queued' | 'entering'; text: string } {
  const stage = view.state.stageStates.find((candidate) => candidate.stageName === stageName);
  const transition = stage?.inboundTransitionState;
  if (transition?.enabled === false) {
    const by = transition.lastChangedBy !== undefined ? ` by ${transition.lastChangedBy.split('/').at(-1) ?? ''}` : '';
    const reason = transition.disabledReason !== undefined ? ` (“${transition.disabledReason}”)` : '';
    return { kind: 'transition', text: `Waiting: transition disabled${by}${reason}` };
  }
  const mode = view.declaration.executionMode ?? 'SUPERSEDED';
  const holder = stage?.latestExecution;
  const locked = holder !== undefined && (holder.status === 'InProgress' || holder.status === 'Stopping');
  if (mode === 'QUEUED') return { kind: 'queued', text: `Queued, position ${index + 1}${locked ? ` (stage locked by ${holder.pipelineExecutionId.slice(0, 8)})` : ''}` };
  if (locked) return { kind: 'locked', text: `Waiting: stage locked by ${holder.pipelineExecutionId.slice(0, 8)}` };
  return { kind: 'entering', text: 'Entering the stage' };
}

/** Actions of a stage grouped by runOrder, in order: actions of one group run side by side. */
export function runOrderGroups<T extends { runOrder?: number }>(actions: T[]): { runOrder: number; actions: T[] }[] {
  const groups = new Map<number, T[]>();
  for (const action of actions) {
    const order = action.runOrder ?? 1;
    groups.set(order, [...(groups.get(order) ?? []), action]);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([runOrder, grouped]) => ({ runOrder, actions: grouped }));
}

/** An action running now, in which execution, and whether it is an approval (which waits for a person). */
export interface RunningAction {
  stageName: string;
  actionName: string;
  executionId: string;
  approval: boolean;
}

export function runningActions(view: PipelineView): RunningAction[] {
  const running: RunningAction[] = [];
  for (const stage of view.state.stageStates) {
    const executionId = stage.latestExecution?.pipelineExecutionId;
    if (executionId === undefined || stage.stageName === undefined) continue;
    const declared = view.declaration.stages.find((candidate) => candidate.name === stage.stageName);
    for (const action of stage.actionStates ?? []) {
      if (action.latestExecution?.status !== 'InProgress' || action.actionName === undefined) continue;
      const category = declared?.actions.find((candidate) => candidate.name === action.actionName)?.actionTypeId.category;
      running.push({ stageName: stage.stageName, actionName: action.actionName, executionId, approval: category === 'Approval' || action.latestExecution.token !== undefined });
    }
  }
  return running;
}

/**
 * Why each waiting execution waits, in one sentence: an approval nobody has answered, a disabled
 * transition (who, why), a stage another execution holds, or its place in the queue. No CodePipeline
 * console says this; GetPipelineState has all of it.
 */
export function whyWaiting(view: PipelineView): { executionId: string; text: string }[] {
  const reasons: { executionId: string; text: string }[] = [];
  for (const running of runningActions(view)) {
    if (running.approval) reasons.push({ executionId: running.executionId, text: `waits for a person to approve or reject ${running.stageName}.${running.actionName}` });
  }
  for (const stage of view.state.stageStates) {
    (stage.inboundExecutions ?? []).forEach((execution, index) => {
      const reason = waitingReason(view, stage.stageName ?? '', index);
      if (reason.kind !== 'entering') reasons.push({ executionId: execution.pipelineExecutionId, text: `waits to enter ${stage.stageName ?? ''}: ${reason.text.replace(/^Waiting: /, '')}` });
    });
  }
  return reasons;
}
