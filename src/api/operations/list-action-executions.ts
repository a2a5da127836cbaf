import { presentActionRun } from '../presenters/execution.js';
import { maskSecretConfiguration } from '../presenters/pipeline.js';
import { loadActionTypesForPresentation } from './load-action-types.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import type { ActionTypeLookup } from '../../core/action-types/lookup.js';
import { runHistoryPage } from './run-history-page.js';

export const listActionExecutions: Operation<wire.ListActionExecutionsInput, wire.ListActionExecutionsOutput> = async (input, context) => {
  const { store } = context.services;
  const { page, nextToken } = await runHistoryPage(
    context,
    { operation: 'ListActionExecutions', ...input },
    {
      list: (query) => store.listActionRuns(input.pipelineName, query),
      key: (run) => `${run.executionId}/${run.stageName}/${run.actionName}`,
      cursor: (run) => ({ startedAt: run.startedAt, actionExecutionId: run.actionExecutionId }),
    },
  );
  const actionTypes = await loadActionTypesForPresentation(store);
  return {
    actionExecutionDetails: page.map((row) => maskSecrets(presentActionRun(row), actionTypes)),
    ...(nextToken !== undefined ? { nextToken } : {}),
  };
};

/** Secret configuration properties (custom action types) show as `****`, as GetPipeline shows them. */
function maskSecrets(detail: wire.ActionExecutionDetail, actionTypes: ActionTypeLookup): wire.ActionExecutionDetail {
  const typeId = detail.input?.actionTypeId;
  if (detail.input === undefined || typeId === undefined) return detail;
  const configuration = maskSecretConfiguration(detail.input.configuration, typeId, actionTypes);
  const resolvedConfiguration = maskSecretConfiguration(detail.input.resolvedConfiguration, typeId, actionTypes);
  return {
    ...detail,
    input: {
      ...detail.input,
      ...(configuration !== undefined ? { configuration } : {}),
      ...(resolvedConfiguration !== undefined ? { resolvedConfiguration } : {}),
    },
  };
}
