import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { checkTags } from './tag-rules.js';
import { resolveTaggableResource } from './taggable-resources.js';

/** Adds tags to a pipeline or custom action type, or overwrites the values of keys it already has. */
export const tagResource: Operation<wire.TagResourceInput, wire.TagResourceOutput> = async (input, context) => {
  const { store, partition, limits } = context.services;
  await store.transaction(async (tx) => {
    await resolveTaggableResource(input.resourceArn, partition, tx);
    const existing = await tx.listTags(input.resourceArn);
    checkTags(
      input.tags,
      limits.maxTagsPerResource,
      existing.map((tag) => tag.key),
    );
    await tx.putTags(input.resourceArn, input.tags);
  });
  return {};
};
