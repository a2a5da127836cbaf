import { allPages, call, readReports } from '../api/client.js';
import { actionRuns, executionSummaries, pipelineExecution as completeExecution } from '../api/records.js';
import type { ActionExecutionDetail, ActionReports, PipelineDeclaration, PipelineExecution, PipelineExecutionSummary } from '../api/types.js';

export interface ExecutionView {
  execution: PipelineExecution;
  summary: PipelineExecutionSummary | undefined;
  /** Every action run of the execution (retries included), oldest first. */
  runs: ActionExecutionDetail[];
  reports: ActionReports[];
  declaration: PipelineDeclaration | undefined;
  /** Approvals of this execution waiting for a person, by "Stage.Action": the token PutApprovalResult needs. */
  approvalTokens: Map<string, string>;
}

/** Runs of one action in one execution are its attempts (a retry adds one): numbered from 1 by start time. */
export function attemptNumbers(runs: ActionExecutionDetail[]): Map<string, { attempt: number; of: number }> {
  const byAction = new Map<string, ActionExecutionDetail[]>();
  for (const run of runs) {
    const key = `${run.stageName}.${run.actionName}`;
    byAction.set(key, [...(byAction.get(key) ?? []), run]);
  }
  const numbers = new Map<string, { attempt: number; of: number }>();
  for (const attempts of byAction.values()) {
    [...attempts]
      .sort((a, b) => a.startTime - b.startTime || a.actionExecutionId.localeCompare(b.actionExecutionId))
      .forEach((run, index) => numbers.set(run.actionExecutionId, { attempt: index + 1, of: attempts.length }));
  }
  return numbers;
}

export async function loadExecutionView(pipelineName: string, executionId: string): Promise<ExecutionView> {
  const [pipelineExecution, runs, reports, recent, state] = await Promise.all([
    call('GetPipelineExecution', { pipelineName, pipelineExecutionId: executionId }).then((answer) => completeExecution(answer.pipelineExecution)),
    allPages(async (nextToken) => {
      const page = await call('ListActionExecutions', { pipelineName, filter: { pipelineExecutionId: executionId }, maxResults: 100, ...(nextToken !== undefined ? { nextToken } : {}) });
      return { items: actionRuns(page.actionExecutionDetails), ...(page.nextToken !== undefined ? { nextToken: page.nextToken } : {}) };
    }, 2000),
    readReports(pipelineName, executionId),
    call('ListPipelineExecutions', { pipelineName, maxResults: 100 }),
    call('GetPipelineState', { name: pipelineName }),
  ]);
  const approvalTokens = new Map<string, string>();
  for (const stage of state.stageStates ?? []) {
    if (stage.latestExecution?.pipelineExecutionId !== executionId) continue;
    for (const action of stage.actionStates ?? []) {
      const token = action.latestExecution?.status === 'InProgress' ? action.latestExecution.token : undefined;
      if (token !== undefined) approvalTokens.set(`${stage.stageName ?? ''}.${action.actionName ?? ''}`, token);
    }
  }
  // The declaration the execution ran with: its stage order orders the timeline.
  const declaration = await call('GetPipeline', { name: pipelineName, version: pipelineExecution.pipelineVersion })
    .then((result) => result.pipeline)
    .catch(() => undefined);
  return {
    execution: pipelineExecution,
    summary: executionSummaries(recent.pipelineExecutionSummaries).find((candidate) => candidate.pipelineExecutionId === executionId),
    runs: [...runs].sort((a, b) => a.startTime - b.startTime || a.actionExecutionId.localeCompare(b.actionExecutionId)),
    reports: reports.reports,
    declaration,
    approvalTokens,
  };
}

export interface TimelineRow {
  run: ActionExecutionDetail;
  /** When the action could have started: the end of what finished before it, or the execution's start. */
  readyAt: number;
  start: number;
  end: number;
  running: boolean;
}

/**
 * The timeline of an execution: each action run with when it waited (from the end of the work before
 * it, or the execution's start), when it ran and when it finished. Rows follow the stage order.
 */
export function timeline(view: ExecutionView, now: number): { rows: TimelineRow[]; from: number; to: number } {
  const stageOrder = new Map(view.declaration?.stages.map((stage, index) => [stage.name, index]));
  const runs = [...view.runs].sort(
    (a, b) => (stageOrder.get(a.stageName) ?? 99) - (stageOrder.get(b.stageName) ?? 99) || a.startTime - b.startTime,
  );
  const executionStart = view.summary?.startTime ?? Math.min(...view.runs.map((run) => run.startTime));
  const ends = view.runs.map((run) => (run.status === 'InProgress' ? now : run.lastUpdateTime));
  const rows = runs.map((run) => {
    const running = run.status === 'InProgress';
    const end = running ? now : run.lastUpdateTime;
    const before = view.runs.filter((other) => other !== run && other.status !== 'InProgress' && other.lastUpdateTime <= run.startTime).map((other) => other.lastUpdateTime);
    const readyAt = Math.min(run.startTime, Math.max(executionStart, ...before));
    return { run, readyAt, start: run.startTime, end, running };
  });
  const from = Math.min(executionStart, ...rows.map((row) => row.readyAt));
  const to = Math.max(from + 1, ...ends, view.summary?.lastUpdateTime ?? 0);
  return { rows, from, to };
}
