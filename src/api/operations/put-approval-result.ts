import { toEpochSeconds } from '../../core/clock.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { requirePipeline } from './require-pipeline.js';

export const putApprovalResult: Operation<wire.PutApprovalResultInput, wire.PutApprovalResultOutput> = async (input, context) => {
  const { store, engine, clock } = context.services;
  await requirePipeline(store, input.pipelineName, context.services.partition.accountId);
  await engine.submit(input.pipelineName, {
    event: {
      type: 'AnswerApproval',
      stageName: input.stageName,
      actionName: input.actionName,
      token: input.token,
      status: input.result.status,
      ...(input.result.summary !== undefined ? { summary: input.result.summary } : {}),
      by: context.principal.arn,
    },
  });
  return { approvedAt: toEpochSeconds(clock.now()) };
};
