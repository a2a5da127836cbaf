import { presentRuleRun } from '../presenters/conditions.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { runHistoryPage } from './run-history-page.js';

export const listRuleExecutions: Operation<wire.ListRuleExecutionsInput, wire.ListRuleExecutionsOutput> = async (input, context) => {
  const { store } = context.services;
  const { page, nextToken } = await runHistoryPage(
    context,
    { operation: 'ListRuleExecutions', ...input },
    {
      list: (query) => store.listRuleRuns(input.pipelineName, query),
      key: (run) => `${run.executionId}/${run.stageName}/${run.conditionType}/${run.ruleName}`,
      cursor: (run) => ({ startedAt: run.startedAt, actionExecutionId: run.ruleExecutionId }),
    },
  );
  return { ruleExecutionDetails: page.map(presentRuleRun), ...(nextToken !== undefined ? { nextToken } : {}) };
};
