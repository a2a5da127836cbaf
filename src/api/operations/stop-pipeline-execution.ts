import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { requirePipeline } from './require-pipeline.js';

export const stopPipelineExecution: Operation<wire.StopPipelineExecutionInput, wire.StopPipelineExecutionOutput> = async (input, context) => {
  const { store, engine } = context.services;
  await requirePipeline(store, input.pipelineName, context.services.partition.accountId);
  await engine.submit(input.pipelineName, {
    event: {
      type: 'StopExecution',
      executionId: input.pipelineExecutionId,
      abandon: input.abandon ?? false,
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    },
  });
  return { pipelineExecutionId: input.pipelineExecutionId };
};
