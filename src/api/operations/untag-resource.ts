import { PipewrightError } from '../../core/errors/index.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { resolveTaggableResource } from './taggable-resources.js';

/** Removes tags by key; keys the resource does not have are ignored. Keys with AWS's `aws:` prefix are refused. */
export const untagResource: Operation<wire.UntagResourceInput, wire.UntagResourceOutput> = async (input, context) => {
  const { store, partition } = context.services;
  const reserved = input.tagKeys.find((key) => key.toLowerCase().startsWith('aws:'));
  if (reserved !== undefined) {
    throw new PipewrightError('InvalidTagsException', `Tag key ${reserved} uses the prefix aws:, which is reserved for AWS; such tags cannot be removed.`);
  }
  await store.transaction(async (tx) => {
    await resolveTaggableResource(input.resourceArn, partition, tx);
    await tx.removeTags(input.resourceArn, input.tagKeys);
  });
  return {};
};
