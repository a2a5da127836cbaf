import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { requirePipeline } from './require-pipeline.js';

export const disableStageTransition: Operation<wire.DisableStageTransitionInput, object> = async (input, context) => {
  const { store, engine } = context.services;
  await requirePipeline(store, input.pipelineName, context.services.partition.accountId);
  await engine.submit(input.pipelineName, {
    event: {
      type: 'SetTransition',
      stageName: input.stageName,
      transitionType: input.transitionType,
      enabled: false,
      reason: input.reason,
      by: context.principal.arn,
    },
  });
  return {};
};

export const enableStageTransition: Operation<wire.EnableStageTransitionInput, object> = async (input, context) => {
  const { store, engine } = context.services;
  await requirePipeline(store, input.pipelineName, context.services.partition.accountId);
  await engine.submit(input.pipelineName, {
    event: { type: 'SetTransition', stageName: input.stageName, transitionType: input.transitionType, enabled: true, by: context.principal.arn },
  });
  return {};
};
