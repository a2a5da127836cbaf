import type { ActionRunCursor, RuleRunRecord } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { decodeNextToken, encodeNextToken } from '../paging.js';
import { presentRuleRun } from '../presenters/conditions.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { requirePipeline } from './require-pipeline.js';

const defaultPageSize = 100;

export const listRuleExecutions: Operation<wire.ListRuleExecutionsInput, wire.ListRuleExecutionsOutput> = async (input, context) => {
  const { store } = context.services;
  await requirePipeline(store, input.pipelineName);
  const latestFilter = input.filter?.latestInPipelineExecution;
  const executionId = input.filter?.pipelineExecutionId ?? latestFilter?.pipelineExecutionId;
  if (executionId !== undefined && (await store.getExecution(input.pipelineName, executionId)) === undefined) {
    throw new PipewrightError('PipelineExecutionNotFoundException', `Pipeline ${input.pipelineName} has no execution ${executionId}.`);
  }
  const before = decodeNextToken('ListRuleExecutions', input.nextToken, isCursor);
  const limit = input.maxResults ?? defaultPageSize;
  let rows = await store.listRuleRuns(input.pipelineName, {
    limit: limit + 1,
    ...(executionId !== undefined ? { executionId } : {}),
    ...(before !== undefined ? { before } : {}),
  });
  if (latestFilter?.startTimeRange === 'Latest') rows = latestRunPerRule(rows);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    ruleExecutionDetails: page.map(presentRuleRun),
    ...(rows.length > limit && last !== undefined
      ? { nextToken: encodeNextToken('ListRuleExecutions', { startedAt: last.startedAt, actionExecutionId: last.ruleExecutionId }) }
      : {}),
  };
};

function latestRunPerRule(rows: RuleRunRecord[]): RuleRunRecord[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = `${row.executionId}/${row.stageName}/${row.conditionType}/${row.ruleName}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isCursor(value: unknown): value is ActionRunCursor {
  if (typeof value !== 'object' || value === null) return false;
  const cursor = value as Record<string, unknown>;
  return typeof cursor.startedAt === 'number' && typeof cursor.actionExecutionId === 'string';
}
