import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { requirePipeline } from './require-pipeline.js';

export const retryStageExecution: Operation<wire.RetryStageExecutionInput, wire.RetryStageExecutionOutput> = async (input, context) => {
  const { store, engine } = context.services;
  await requirePipeline(store, input.pipelineName, context.services.partition.accountId);
  await engine.submit(input.pipelineName, {
    event: { type: 'RetryStage', executionId: input.pipelineExecutionId, stageName: input.stageName, retryMode: input.retryMode },
  });
  return { pipelineExecutionId: input.pipelineExecutionId };
};
