import { paginateListPipelines, type PipelineSummary } from '@aws-sdk/client-codepipeline';
import { printJson } from '../cli-context.js';
import { formatTime, table } from '../format.js';
import { runAction } from '../run-action.js';

/** `list`: every pipeline (all pages of ListPipelines); with --json, `{"pipelines": [PipelineSummary]}`. */
export const listAction = runAction<object>(async ({ send, client, json, out }) => {
  const pipelines = await send(async () => {
    const found: PipelineSummary[] = [];
    for await (const page of paginateListPipelines({ client }, {})) found.push(...(page.pipelines ?? []));
    return found;
  });
  if (json) {
    printJson({ pipelines });
    return;
  }
  if (pipelines.length === 0) {
    out.line('No pipelines yet. Create one with `pipewright apply -f pipeline.yaml`.');
    return;
  }
  const rows = pipelines.map((pipeline) => [
    pipeline.name ?? '?',
    String(pipeline.version ?? ''),
    pipeline.pipelineType ?? '',
    pipeline.executionMode ?? '',
    formatTime(pipeline.updated),
  ]);
  for (const line of table(out.colors, ['NAME', 'VERSION', 'TYPE', 'MODE', 'UPDATED'], rows)) out.line(line);
});
