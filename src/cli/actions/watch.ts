import { GetPipelineStateCommand, type GetPipelineStateOutput } from '@aws-sdk/client-codepipeline';
import { withoutMetadata } from '../../client/index.js';
import type { CliContext } from '../cli-context.js';
import { colourStatus, formatTime } from '../format.js';
import { readOnEveryChange } from '../live-reads.js';
import { pipelineStateLines } from '../pipeline-state-view.js';
import { runAction } from '../run-action.js';

/**
 * `watch NAME`: the `status` view, live until Ctrl-C. On a terminal it is redrawn in place; otherwise
 * the first view is printed whole and then one line per stage or action whose status changed. With
 * --json, one GetPipelineState response per line (NDJSON) each time the pipeline changes.
 */
export const watchAction = runAction<object, [string]>(async (context, _options, name) => {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  const read = (): Promise<GetPipelineStateOutput> => context.send((client) => client.send(new GetPipelineStateCommand({ name })));
  const show = context.json ? printLine : context.out.isTty ? redrawer(context) : changePrinter(context);
  for await (const state of readOnEveryChange(context.connection, name, read, stop.signal)) show(state);
});

function printLine(state: GetPipelineStateOutput): void {
  process.stdout.write(`${JSON.stringify(withoutMetadata(state))}\n`);
}

/** Redraws the view over the previous one: cursor up over the lines drawn last, clear below, draw. */
function redrawer({ out }: CliContext): (state: GetPipelineStateOutput) => void {
  let drawn = 0;
  return (state) => {
    const lines = [...pipelineStateLines(state, out.colors), '', out.colors.dim(`updated ${formatTime(new Date())} · Ctrl-C to stop`)];
    out.write(`${drawn > 0 ? `\x1b[${drawn}F` : ''}\x1b[0J${lines.join('\n')}\n`);
    drawn = lines.length;
  };
}

/** Prints the first view, then a timestamped line for each stage or action whose status changed. */
function changePrinter({ out }: CliContext): (state: GetPipelineStateOutput) => void {
  let previous: Map<string, Fact> | undefined;
  return (state) => {
    const current = factsOf(state);
    if (previous === undefined) {
      for (const line of pipelineStateLines(state, out.colors)) out.line(line);
    } else {
      for (const [where, fact] of current) {
        const before = previous.get(where);
        if (before?.status === fact.status && before.detail === fact.detail) continue;
        out.line(`${formatTime(new Date())}  ${where}  ${colourStatus(out.colors, fact.status)}  ${out.colors.dim(fact.detail)}`.trimEnd());
      }
    }
    previous = current;
  };
}

interface Fact {
  status: string;
  /** The execution the status belongs to, and what else a reader should see change. */
  detail: string;
}

/** `Stage` and `Stage/Action` → their status: the facts whose change is worth a line. */
function factsOf(state: GetPipelineStateOutput): Map<string, Fact> {
  const facts = new Map<string, Fact>();
  for (const stage of state.stageStates ?? []) {
    const name = stage.stageName ?? '?';
    const transition = stage.inboundTransitionState?.enabled === false ? ' (transition disabled)' : '';
    facts.set(name, { status: stage.latestExecution?.status ?? 'NotRun', detail: `${stage.latestExecution?.pipelineExecutionId ?? ''}${transition}` });
    for (const action of stage.actionStates ?? []) {
      facts.set(`${name}/${action.actionName ?? '?'}`, { status: action.latestExecution?.status ?? 'NotRun', detail: action.latestExecution?.actionExecutionId ?? '' });
    }
  }
  return facts;
}
