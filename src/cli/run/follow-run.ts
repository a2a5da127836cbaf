import { createInterface } from 'node:readline/promises';
import {
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  paginateListActionExecutions,
  PutApprovalResultCommand,
  type ActionExecutionDetail,
  type GetPipelineStateOutput,
  type PipelineExecution,
} from '@aws-sdk/client-codepipeline';
import { followLog } from '../../client/index.js';
import type { CliContext } from '../cli-context.js';
import { hasEnded } from '../execution-progress.js';
import { colourStatus, formatDuration } from '../format.js';
import { readOnEveryChange } from '../live-reads.js';
import type { SkippedAction } from './run-plan.js';
import type { SkippedActionsWorker } from './skipped-actions-worker.js';

export interface FollowRunOptions {
  pipelineName: string;
  pipelineExecutionId: string;
  skipped: readonly SkippedAction[];
  worker: SkippedActionsWorker;
  /** `--approve all`: every manual approval is approved as it comes. */
  approveAll: boolean;
  /** Ask at the terminal (stdin and stderr are a TTY). */
  interactive: boolean;
  /** How to answer an approval from elsewhere (printed when nobody can answer here). */
  approveHint: (stageName: string, actionName: string) => string;
  started: number;
}

/**
 * Follows one execution of a run to its end, live from the pipeline's event stream: a line each time
 * a stage or action changes status (a skipped action shows as Skipped, with why), every action's log
 * as it is written (prefixed with the action), manual approvals answered (`--approve all`, a prompt
 * on a terminal, or the command that answers them elsewhere), and the skipped actions' jobs answered.
 * Progress goes to `print` (stdout, or stderr beside --json). Returns the execution as it ended.
 */
export async function followRun(context: CliContext, options: FollowRunOptions, print: (line: string) => void): Promise<PipelineExecution> {
  const { colors } = context.out;
  const { pipelineName, pipelineExecutionId } = options;
  const skippedNames = new Set(options.skipped.map((action) => `${action.stageName}/${action.actionName}`));
  const seen = new Map<string, string>();
  const following = new Map<string, Promise<void>>();
  const asked = new Set<string>();
  // Log followers are stopped this long after the execution ended, should a log never say it is complete.
  const logsStop = new AbortController();
  const stamp = (): string => colors.dim(`[${formatDuration(Date.now() - options.started).padStart(6)}]`);

  const read = async (): Promise<{ execution: PipelineExecution | undefined; state: GetPipelineStateOutput; actions: ActionExecutionDetail[] }> => {
    const [execution, state, actions] = await Promise.all([
      context.send((client) => client.send(new GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId }))),
      context.send((client) => client.send(new GetPipelineStateCommand({ name: pipelineName }))),
      context.send(async (client) => {
        const found: ActionExecutionDetail[] = [];
        for await (const page of paginateListActionExecutions({ client }, { pipelineName, filter: { pipelineExecutionId } })) found.push(...(page.actionExecutionDetails ?? []));
        return found;
      }),
    ]);
    return { execution: execution.pipelineExecution, state, actions };
  };

  for await (const { execution, state, actions } of readOnEveryChange(context.connection, pipelineName, read)) {
    for (const [where, status, detail] of changesOf(state, pipelineExecutionId, skippedNames)) {
      if (seen.get(where) === status + detail) continue;
      seen.set(where, status + detail);
      print(`${stamp()} ${where} ${colourStatus(colors, status)}${detail !== '' ? colors.dim(` ${detail}`) : ''}`);
    }
    for (const action of actions) {
      const where = `${action.stageName ?? '?'}/${action.actionName ?? '?'}`;
      const id = action.actionExecutionId ?? '';
      // Approvals write no log; a skipped action's stand-in neither.
      if (skippedNames.has(where) || id === '' || following.has(id) || action.input?.actionTypeId?.category === 'Approval') continue;
      following.set(
        id,
        (async () => {
          for await (const line of followLog(context.connection, id, logsStop.signal)) {
            const text = line.stream === 'stderr' ? colors.red(line.text) : line.stream === 'system' ? colors.dim(line.text) : line.text;
            print(`${colors.dim(`${where} |`)} ${text}`);
          }
        })().catch(() => undefined),
      );
    }
    if (waitingSkips(state, pipelineExecutionId, skippedNames)) await options.worker.answerWaitingJobs();
    for (const approval of waitingApprovals(state, pipelineExecutionId)) {
      if (asked.has(approval.token)) continue;
      asked.add(approval.token);
      void answerApproval(context, options, approval, print);
    }
    if (execution !== undefined && hasEnded(execution.status)) {
      const grace = setTimeout(() => logsStop.abort(), logGraceMs);
      await Promise.all(following.values());
      clearTimeout(grace);
      return execution;
    }
  }
  throw new Error('the event stream ended before the execution did');
}

/** How long the logs of an ended execution may take to say they are complete. */
const logGraceMs = 10_000;

interface WaitingApproval {
  stageName: string;
  actionName: string;
  token: string;
}

async function answerApproval(context: CliContext, options: FollowRunOptions, approval: WaitingApproval, print: (line: string) => void): Promise<void> {
  const where = `${approval.stageName}/${approval.actionName}`;
  let approved: boolean | undefined;
  let summary = '';
  if (options.approveAll) {
    approved = true;
    summary = 'Approved by pipewright run --approve all';
  } else if (options.interactive) {
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = (await prompt.question(`${where} waits for approval. Approve? [y/N] `)).trim().toLowerCase();
      approved = answer === 'y' || answer === 'yes';
      summary = approved ? 'Approved at the terminal (pipewright run)' : 'Rejected at the terminal (pipewright run)';
    } finally {
      prompt.close();
    }
  } else {
    print(`${where} waits for approval: answer it with \`${options.approveHint(approval.stageName, approval.actionName)}\`, or run with --approve all.`);
    return;
  }
  await context.send((client) =>
    client.send(
      new PutApprovalResultCommand({
        pipelineName: options.pipelineName,
        stageName: approval.stageName,
        actionName: approval.actionName,
        token: approval.token,
        result: { status: approved ? 'Approved' : 'Rejected', summary },
      }),
    ),
  );
}

function waitingApprovals(state: GetPipelineStateOutput, pipelineExecutionId: string): WaitingApproval[] {
  const waiting: WaitingApproval[] = [];
  for (const stage of state.stageStates ?? []) {
    if (stage.latestExecution?.pipelineExecutionId !== pipelineExecutionId) continue;
    for (const action of stage.actionStates ?? []) {
      const run = action.latestExecution;
      if (run?.status === 'InProgress' && run.token !== undefined) waiting.push({ stageName: stage.stageName ?? '', actionName: action.actionName ?? '', token: run.token });
    }
  }
  return waiting;
}

function waitingSkips(state: GetPipelineStateOutput, pipelineExecutionId: string, skipped: ReadonlySet<string>): boolean {
  return (state.stageStates ?? []).some(
    (stage) =>
      stage.latestExecution?.pipelineExecutionId === pipelineExecutionId &&
      (stage.actionStates ?? []).some((action) => action.latestExecution?.status === 'InProgress' && skipped.has(`${stage.stageName ?? ''}/${action.actionName ?? ''}`)),
  );
}

/** [where, status, detail] for each stage and action the execution has reached; a skipped action that succeeded reads Skipped. */
function changesOf(state: GetPipelineStateOutput, pipelineExecutionId: string, skipped: ReadonlySet<string>): [string, string, string][] {
  const changes: [string, string, string][] = [];
  for (const stage of state.stageStates ?? []) {
    const name = stage.stageName ?? '?';
    if (stage.inboundExecutions?.some((inbound) => inbound.pipelineExecutionId === pipelineExecutionId) === true) {
      const disabled = stage.inboundTransitionState?.enabled === false;
      changes.push([name, 'Waiting', disabled ? `(transition disabled: enable it with \`pipewright enable-transition\`)` : '(stage busy)']);
      continue;
    }
    if (stage.latestExecution?.pipelineExecutionId !== pipelineExecutionId) continue;
    changes.push([name, stage.latestExecution.status ?? '?', '']);
    for (const action of stage.actionStates ?? []) {
      const run = action.latestExecution;
      if (run?.status === undefined) continue;
      const where = `${name}/${action.actionName ?? '?'}`;
      if (skipped.has(where)) {
        changes.push([where, run.status === 'Succeeded' ? 'Skipped' : run.status, run.status === 'Succeeded' ? (run.summary ?? '') : '']);
        continue;
      }
      const detail = run.errorDetails?.message ?? (run.status === 'InProgress' && run.token !== undefined ? 'waiting for approval' : '');
      changes.push([where, run.status, detail]);
    }
  }
  return changes;
}
