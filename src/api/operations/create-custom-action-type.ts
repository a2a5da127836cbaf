import { customActionTypeArn } from '../../core/arn.js';
import { checkCustomActionTypeDefinition, sameDefinition, type CustomActionTypeDefinition } from '../../core/action-types/check-custom-action-type.js';
import type { CustomActionTypeRecord } from '../../core/action-types/custom.js';
import { customActionTypeSpec } from '../../core/action-types/lookup.js';
import type { StoreOperations } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { presentActionType } from '../presenters/action-type.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { checkTags } from './tag-rules.js';

/**
 * Creates a custom action type (owner Custom). Its key (category, provider, version) is never
 * reused for another definition: sending the identical definition again returns the type, and
 * restores it when it was deleted (DeleteCustomActionType reference); a different definition under
 * a used key is refused. At most `maxCustomActionTypes` live types per account (AWS: 50).
 */
export const createCustomActionType: Operation<wire.CreateCustomActionTypeInput, wire.CreateCustomActionTypeOutput> = async (input, context) => {
  const { store, partition, limits } = context.services;
  const key = { category: input.category, provider: input.provider, version: input.version };
  const definition: CustomActionTypeDefinition = {
    settings: input.settings ?? {},
    configurationProperties: input.configurationProperties ?? [],
    inputArtifacts: input.inputArtifactDetails,
    outputArtifacts: input.outputArtifactDetails,
  };
  checkCustomActionTypeDefinition(definition);
  const tags = input.tags ?? [];
  checkTags(tags, limits.maxTagsPerResource);
  const name = `${key.category}/Custom/${key.provider}/${key.version}`;
  const arn = customActionTypeArn(partition, key);

  const record = await store.transaction(async (tx) => {
    const existing = await tx.getCustomActionType(key);
    let result: CustomActionTypeRecord;
    if (existing !== undefined) {
      if (!sameDefinition(existing, definition)) {
        throw new PipewrightError(
          'ValidationException',
          `The custom action type ${name} already exists${existing.deletedAt !== undefined ? ' (deleted)' : ''} with a different definition. Use a version string never used before, or the identical definition to restore a deleted type.`,
        );
      }
      result = existing;
      if (existing.deletedAt !== undefined) {
        await checkCustomTypeLimit(tx, limits.maxCustomActionTypes);
        result = { ...existing, deletedAt: undefined };
        await tx.replaceCustomActionType(result);
      }
    } else {
      await checkCustomTypeLimit(tx, limits.maxCustomActionTypes);
      const created = await tx.createCustomActionType({ ...key, ...definition, created: context.now });
      if (created === undefined) {
        throw new PipewrightError('ConcurrentModificationException', `The custom action type ${name} was created by another request at the same time; retry.`);
      }
      result = created;
    }
    const existingTags = await tx.listTags(arn);
    checkTags(
      tags,
      limits.maxTagsPerResource,
      existingTags.map((tag) => tag.key),
    );
    await tx.putTags(arn, tags);
    return result;
  });
  // The engine keeps the action types in memory (every decision consults their timeouts).
  await context.services.actionTypes.refresh();

  return {
    actionType: presentActionType(customActionTypeSpec(record)),
    ...(input.tags !== undefined ? { tags: input.tags } : {}),
  };
};

async function checkCustomTypeLimit(tx: StoreOperations, max: number): Promise<void> {
  const live = (await tx.listCustomActionTypes()).filter((record) => record.deletedAt === undefined).length;
  if (live >= max) {
    throw new PipewrightError('LimitExceededException', `The account already has ${live} custom action types, the most allowed (${max}); delete one first.`);
  }
}
