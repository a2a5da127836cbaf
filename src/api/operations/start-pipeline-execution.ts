import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { requirePipeline } from './require-pipeline.js';

export const startPipelineExecution: Operation<wire.StartPipelineExecutionInput, wire.StartPipelineExecutionOutput> = async (input, context) => {
  const { store, engine } = context.services;
  await requirePipeline(store, input.name, context.services.partition.accountId, 'start');
  const pipelineExecutionId = await engine.startExecution(input.name, {
    trigger: { triggerType: 'StartPipelineExecution', triggerDetail: context.principal.arn },
    ...(input.variables !== undefined ? { variables: input.variables } : {}),
    ...(input.sourceRevisions !== undefined ? { sourceRevisions: input.sourceRevisions } : {}),
    ...(input.clientRequestToken !== undefined ? { clientRequestToken: input.clientRequestToken } : {}),
  });
  return { pipelineExecutionId };
};
