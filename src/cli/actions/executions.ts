import { ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { withoutMetadata } from '../../client/index.js';
import { printJson } from '../cli-context.js';
import { colourStatus, formatDuration, formatTime, table } from '../format.js';
import { runAction } from '../run-action.js';

/** `executions NAME [--max N]`: the newest executions first; with --json, ListPipelineExecutions' response. */
export const executionsAction = runAction<{ max: number }, [string]>(async ({ send, json, out }, { max }, name) => {
  const response = await send((client) => client.send(new ListPipelineExecutionsCommand({ pipelineName: name, maxResults: max })));
  if (json) {
    printJson(withoutMetadata(response));
    return;
  }
  const summaries = response.pipelineExecutionSummaries ?? [];
  if (summaries.length === 0) {
    out.line(`${name} has no executions yet.`);
    return;
  }
  const rows = summaries.map((summary) => {
    const started = summary.startTime;
    const ended = summary.status === 'InProgress' || summary.status === 'Stopping' ? new Date() : summary.lastUpdateTime;
    const revision = summary.sourceRevisions?.[0];
    return [
      summary.pipelineExecutionId ?? '?',
      colourStatus(out.colors, summary.status),
      formatTime(started),
      started !== undefined && ended !== undefined ? formatDuration(ended.getTime() - started.getTime()) : '',
      summary.trigger?.triggerType ?? '',
      revision !== undefined ? `${revision.actionName ?? ''} ${(revision.revisionId ?? '').slice(0, 12)} ${firstLine(revision.revisionSummary)}`.trim() : '',
    ];
  });
  for (const line of table(out.colors, ['EXECUTION', 'STATUS', 'STARTED', 'DURATION', 'TRIGGER', 'SOURCE'], rows)) out.line(line);
});


function firstLine(text: string | undefined): string {
  const line = (text ?? '').split('\n')[0] ?? '';
  return line.length > 50 ? `${line.slice(0, 47)}...` : line;
}
