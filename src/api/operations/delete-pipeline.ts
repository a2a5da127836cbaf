import { pipelineArn } from '../../core/arn.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';

/** Deleting a pipeline that does not exist succeeds, as on AWS (the operation declares no not-found error). */
export const deletePipeline: Operation<wire.DeletePipelineInput, object> = async (input, context) => {
  const { store, partition } = context.services;
  await store.transaction(async (tx) => {
    const arn = pipelineArn(partition, input.name);
    const tags = await tx.listTags(arn);
    await tx.removeTags(
      arn,
      tags.map((tag) => tag.key),
    );
    await tx.deletePipeline(input.name);
  });
  context.services.engine.pipelineDeleted(input.name);
  return {};
};
