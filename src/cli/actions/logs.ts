import { GetPipelineExecutionCommand, paginateListActionExecutions, type ActionExecutionDetail } from '@aws-sdk/client-codepipeline';
import { followLog, readLog, type LogLine } from '../../client/index.js';
import type { CliContext } from '../cli-context.js';
import { CliFailure, ExitCode } from '../exit-codes.js';
import { hasEnded } from '../execution-progress.js';
import { readOnEveryChange } from '../live-reads.js';
import { latestExecution } from '../pipeline-lookups.js';
import { runAction } from '../run-action.js';

interface LogsOptions {
  stage?: string;
  action?: string;
  execution?: string;
  follow: boolean;
}

/**
 * `logs NAME [--stage S] [--action A] [--execution ID] [--follow]`: the logs of an execution's actions,
 * by default the latest execution's build actions (all of its actions when it has no build). With
 * --follow, lines are printed as they are written, of every action running at once (a header names the
 * action whenever the output switches to another, as `tail -f` does with files), and actions that start
 * later are followed as they start, until the execution ends. With --json, one JSON object per line:
 * `{"stageName", "actionName", "actionExecutionId", "number", "time", "stream", "text"}`.
 */
export const logsAction = runAction<LogsOptions, [string]>(async (context, options, pipelineName) => {
        const pipelineExecutionId = options.execution ?? (await latestExecution(context, pipelineName))?.pipelineExecutionId;
        if (pipelineExecutionId === undefined) throw new CliFailure(`${pipelineName} has no executions yet.`, ExitCode.refused);
        const printer = linePrinter(context);
        if (!options.follow) {
          const actions = await matchingActions(context, pipelineName, pipelineExecutionId, options);
          if (actions.length === 0) throw new CliFailure(noActionsMessage(pipelineName, pipelineExecutionId, options), ExitCode.refused);
          for (const action of actions) {
            printer.header(action, actions.length > 1);
            for await (const line of readLog(context.connection, action.actionExecutionId ?? '')) printer.line(action, line);
          }
          return;
        }
        // Actions of one runOrder run at once: each log is followed as soon as its action starts, and all
        // of them at the same time, so one build's output never waits for another's end.
        const following = new Map<string, Promise<void>>();
        let active = 0;
        let failure: { error: unknown } | undefined;
        const follow = async (action: ActionExecutionDetail): Promise<void> => {
          // Named at once when it is the only one running; beside others, with its first line.
          if (active === 0) printer.header(action, true);
          active += 1;
          try {
            for await (const line of followLog(context.connection, action.actionExecutionId ?? '')) printer.line(action, line, true);
          } finally {
            active -= 1;
          }
        };
        const read = async (): Promise<{ actions: ActionExecutionDetail[]; ended: boolean }> => {
          const { pipelineExecution } = await context.send((client) => client.send(new GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId })));
          const actions = await matchingActions(context, pipelineName, pipelineExecutionId, options);
          return { actions, ended: hasEnded(pipelineExecution?.status) };
        };
        for await (const { actions, ended } of readOnEveryChange(context.connection, pipelineName, read)) {
          for (const action of actions) {
            const id = action.actionExecutionId ?? '';
            if (following.has(id)) continue;
            following.set(
              id,
              follow(action).catch((error: unknown) => {
                failure ??= { error };
              }),
            );
          }
          // The status is read before the actions: once it says ended, the list read after it is complete.
          if (ended || failure !== undefined) break;
        }
        await Promise.all(following.values());
        if (failure !== undefined) throw failure.error;
        if (following.size === 0) throw new CliFailure(noActionsMessage(pipelineName, pipelineExecutionId, options), ExitCode.refused);
      });

async function matchingActions(context: CliContext, pipelineName: string, pipelineExecutionId: string, options: LogsOptions): Promise<ActionExecutionDetail[]> {
  const all = await context.send(async (client) => {
    const found: ActionExecutionDetail[] = [];
    for await (const page of paginateListActionExecutions({ client }, { pipelineName, filter: { pipelineExecutionId } })) found.push(...(page.actionExecutionDetails ?? []));
    return found;
  });
  const chosen = all.filter(
    (action) => (options.stage === undefined || action.stageName === options.stage) && (options.action === undefined || action.actionName === options.action),
  );
  const named = options.stage !== undefined || options.action !== undefined;
  const builds = chosen.filter((action) => action.input?.actionTypeId?.category === 'Build');
  const selected = named || builds.length === 0 ? chosen : builds;
  return selected.sort((a, b) => (a.startTime?.getTime() ?? 0) - (b.startTime?.getTime() ?? 0));
}

function noActionsMessage(pipelineName: string, pipelineExecutionId: string, options: LogsOptions): string {
  const which = [options.stage !== undefined ? `stage ${options.stage}` : '', options.action !== undefined ? `action ${options.action}` : ''].filter(Boolean).join(', ');
  return `Execution ${pipelineExecutionId} of ${pipelineName} ran no action${which !== '' ? ` matching ${which}` : ''}.`;
}

interface LinePrinter {
  /** Names the action whose lines follow (when `shown`: more than one action is printed). */
  header(action: ActionExecutionDetail, shown: boolean): void;
  /** A line of the action's log; when `named`, after another action's lines, its header first. */
  line(action: ActionExecutionDetail, line: LogLine, named?: boolean): void;
}

function linePrinter({ json, out }: CliContext): LinePrinter {
  if (json) {
    return {
      header: () => undefined,
      line: (action, line) =>
        out.line(JSON.stringify({ stageName: action.stageName, actionName: action.actionName, actionExecutionId: action.actionExecutionId, ...line })),
    };
  }
  // The action the last header named.
  let lastNamed: string | undefined;
  const header = (action: ActionExecutionDetail): void => {
    lastNamed = action.actionExecutionId ?? '?';
    out.line(out.colors.bold(`==> ${action.stageName ?? '?'}/${action.actionName ?? '?'} (${lastNamed}) <==`));
  };
  return {
    header: (action, shown) => {
      if (shown) header(action);
    },
    line: (action, line, named = false) => {
      if (named && lastNamed !== (action.actionExecutionId ?? '?')) header(action);
      out.line(line.stream === 'stderr' ? out.colors.red(line.text) : line.stream === 'system' ? out.colors.dim(line.text) : line.text);
    },
  };
}
