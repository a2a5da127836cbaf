import type { ActionRunCursor } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { decodeNextToken, encodeNextToken } from '../paging.js';
import type * as wire from '../wire/shapes.js';
import type { RequestContext } from './operation.js';
import { requirePipeline } from './require-pipeline.js';

const defaultPageSize = 100;

type RunQuery = { executionId?: string; before?: ActionRunCursor; limit: number };

/**
 * One page of a pipeline's run history, newest first, as ListActionExecutions and ListRuleExecutions
 * both page it: filtered to an execution (which must exist), optionally to the latest run of each
 * action or rule (`startTimeRange: Latest` leaves out earlier attempts of a retried stage), and
 * continued by a token that carries the last row's (startedAt, id) cursor.
 */
export async function runHistoryPage<Run>(
  context: RequestContext,
  input: {
    operation: 'ListActionExecutions' | 'ListRuleExecutions';
    pipelineName: string;
    filter?: { pipelineExecutionId?: string; latestInPipelineExecution?: wire.LatestInPipelineExecutionFilter };
    nextToken?: string;
    maxResults?: number;
  },
  runs: {
    list: (query: RunQuery) => Promise<Run[]>;
    /** Runs with the same key are attempts of one action or rule in one execution. */
    key: (run: Run) => string;
    cursor: (run: Run) => ActionRunCursor;
  },
): Promise<{ page: Run[]; nextToken?: string }> {
  const { store } = context.services;
  await requirePipeline(store, input.pipelineName, context.services.partition.accountId);
  const latestFilter = input.filter?.latestInPipelineExecution;
  const executionId = input.filter?.pipelineExecutionId ?? latestFilter?.pipelineExecutionId;
  if (executionId !== undefined && (await store.getExecution(input.pipelineName, executionId)) === undefined) {
    throw new PipewrightError('PipelineExecutionNotFoundException', `Pipeline ${input.pipelineName} has no execution ${executionId}.`);
  }
  const before = decodeNextToken(input.operation, input.nextToken, isCursor);
  const limit = input.maxResults ?? defaultPageSize;
  let rows = await runs.list({ limit: limit + 1, ...(executionId !== undefined ? { executionId } : {}), ...(before !== undefined ? { before } : {}) });
  if (latestFilter?.startTimeRange === 'Latest') rows = newestPerKey(rows, runs.key);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, ...(rows.length > limit && last !== undefined ? { nextToken: encodeNextToken(input.operation, runs.cursor(last)) } : {}) };
}

function newestPerKey<Run>(rows: Run[], key: (run: Run) => string): Run[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const runKey = key(row);
    if (seen.has(runKey)) return false;
    seen.add(runKey);
    return true;
  });
}

function isCursor(value: unknown): value is ActionRunCursor {
  if (typeof value !== 'object' || value === null) return false;
  const cursor = value as Record<string, unknown>;
  return typeof cursor.startedAt === 'number' && typeof cursor.actionExecutionId === 'string';
}
