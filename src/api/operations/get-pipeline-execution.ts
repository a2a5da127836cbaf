import { PipewrightError } from '../../core/errors/index.js';
import { presentExecution } from '../presenters/execution.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { requirePipeline } from './require-pipeline.js';

export const getPipelineExecution: Operation<wire.GetPipelineExecutionInput, wire.GetPipelineExecutionOutput> = async (input, context) => {
  const { store } = context.services;
  await requirePipeline(store, input.pipelineName, context.services.partition.accountId);
  const record = await store.getExecution(input.pipelineName, input.pipelineExecutionId);
  if (record === undefined) {
    throw new PipewrightError('PipelineExecutionNotFoundException', `Pipeline ${input.pipelineName} has no execution ${input.pipelineExecutionId}.`);
  }
  return { pipelineExecution: presentExecution(input.pipelineName, record.execution) };
};
