import { PipewrightError } from '../../core/errors/index.js';
import { newId } from '../../core/ids.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { requirePipeline } from './require-pipeline.js';

export const rollbackStage: Operation<wire.RollbackStageInput, wire.RollbackStageOutput> = async (input, context) => {
  const { store, engine, artifacts } = context.services;
  await requirePipeline(store, input.pipelineName, context.services.partition.accountId);
  const target = await store.getExecution(input.pipelineName, input.targetPipelineExecutionId);
  if (target === undefined) {
    throw new PipewrightError('PipelineExecutionNotFoundException', `Pipeline ${input.pipelineName} has no execution ${input.targetPipelineExecutionId}.`);
  }
  // A target whose artifacts retention has removed can no longer be redeployed.
  for (const [name, ref] of Object.entries(target.execution.artifacts)) {
    if (!(await artifacts.exists(ref))) {
      throw new PipewrightError(
        'PipelineExecutionOutdatedException',
        `Execution ${target.execution.id} is outdated: its artifact ${name} is no longer stored, so it cannot be a rollback target.`,
      );
    }
  }
  const pipelineExecutionId = newId();
  await engine.submit(input.pipelineName, {
    event: {
      type: 'RollbackStage',
      executionId: pipelineExecutionId,
      stageName: input.stageName,
      targetExecutionId: target.execution.id,
      target: target.execution,
      by: context.principal.arn,
    },
  });
  return { pipelineExecutionId };
};
