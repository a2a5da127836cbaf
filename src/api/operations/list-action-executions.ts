import type { ActionRunCursor, ActionRunRecord } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { decodeNextToken, encodeNextToken } from '../paging.js';
import { presentActionRun } from '../presenters/execution.js';
import { maskedSecret } from '../presenters/pipeline.js';
import { loadActionTypesForPresentation } from './load-action-types.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import type { ActionTypeLookup } from '../../core/action-types/lookup.js';
import { requirePipeline } from './require-pipeline.js';

const defaultPageSize = 100;

export const listActionExecutions: Operation<wire.ListActionExecutionsInput, wire.ListActionExecutionsOutput> = async (input, context) => {
  const { store } = context.services;
  await requirePipeline(store, input.pipelineName);
  const latestFilter = input.filter?.latestInPipelineExecution;
  const executionId = input.filter?.pipelineExecutionId ?? latestFilter?.pipelineExecutionId;
  if (executionId !== undefined && (await store.getExecution(input.pipelineName, executionId)) === undefined) {
    throw new PipewrightError('PipelineExecutionNotFoundException', `Pipeline ${input.pipelineName} has no execution ${executionId}.`);
  }
  const before = decodeNextToken('ListActionExecutions', input.nextToken, isCursor);
  const limit = input.maxResults ?? defaultPageSize;
  let rows = await store.listActionRuns(input.pipelineName, {
    limit: limit + 1,
    ...(executionId !== undefined ? { executionId } : {}),
    ...(before !== undefined ? { before } : {}),
  });
  if (latestFilter?.startTimeRange === 'Latest') rows = latestRunPerAction(rows);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const actionTypes = await loadActionTypesForPresentation(store);
  return {
    actionExecutionDetails: page.map((row) => maskSecrets(presentActionRun(row), actionTypes)),
    ...(rows.length > limit && last !== undefined
      ? { nextToken: encodeNextToken('ListActionExecutions', { startedAt: last.startedAt, actionExecutionId: last.actionExecutionId }) }
      : {}),
  };
};

/** Secret configuration properties (custom action types) show as `****`, as GetPipeline shows them. */
function maskSecrets(detail: wire.ActionExecutionDetail, actionTypes: ActionTypeLookup): wire.ActionExecutionDetail {
  const typeId = detail.input?.actionTypeId;
  if (detail.input === undefined || typeId === undefined) return detail;
  const secrets = (actionTypes(typeId)?.configurationProperties ?? []).filter((property) => property.secret).map((property) => property.name);
  if (secrets.length === 0) return detail;
  const mask = (configuration: Record<string, string> | undefined) =>
    configuration === undefined ? undefined : Object.fromEntries(Object.entries(configuration).map(([key, value]) => [key, secrets.includes(key) ? maskedSecret : value]));
  const configuration = mask(detail.input.configuration);
  const resolvedConfiguration = mask(detail.input.resolvedConfiguration);
  return {
    ...detail,
    input: {
      ...detail.input,
      ...(configuration !== undefined ? { configuration } : {}),
      ...(resolvedConfiguration !== undefined ? { resolvedConfiguration } : {}),
    },
  };
}

/** Only the newest run of each action (earlier attempts of a retried stage left out). */
function latestRunPerAction(rows: ActionRunRecord[]): ActionRunRecord[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = `${row.executionId}/${row.stageName}/${row.actionName}`;
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
