import { decodeNextToken, encodeNextToken } from '../paging.js';
import { presentExecutionSummary } from '../presenters/execution.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { requirePipeline } from './require-pipeline.js';

const defaultPageSize = 100;

export const listPipelineExecutions: Operation<wire.ListPipelineExecutionsInput, wire.ListPipelineExecutionsOutput> = async (input, context) => {
  const { store } = context.services;
  const pipeline = await requirePipeline(store, input.pipelineName, context.services.partition.accountId);
  const beforeSequence = decodeNextToken('ListPipelineExecutions', input.nextToken, isSequence);
  const limit = input.maxResults ?? defaultPageSize;
  const succeededInStage = input.filter?.succeededInStage?.stageName;
  const rows = await store.listExecutions(input.pipelineName, {
    limit: limit + 1,
    ...(beforeSequence !== undefined ? { beforeSequence } : {}),
    // "Executions that succeeded in the stage in the current pipeline version."
    ...(succeededInStage !== undefined ? { succeededInStage, pipelineVersion: pipeline.version } : {}),
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    pipelineExecutionSummaries: page.map((row) => presentExecutionSummary(row.execution)),
    ...(rows.length > limit && last !== undefined ? { nextToken: encodeNextToken('ListPipelineExecutions', last.execution.startSequence) } : {}),
  };
};

function isSequence(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}
