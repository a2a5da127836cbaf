import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { requirePipeline } from './require-pipeline.js';

export const overrideStageCondition: Operation<wire.OverrideStageConditionInput, object> = async (input, context) => {
  const { store, engine } = context.services;
  await requirePipeline(store, input.pipelineName, context.services.partition.accountId);
  await engine.submit(input.pipelineName, {
    event: {
      type: 'OverrideCondition',
      executionId: input.pipelineExecutionId,
      stageName: input.stageName,
      conditionType: input.conditionType,
      by: context.principal.arn,
    },
  });
  return {};
};
