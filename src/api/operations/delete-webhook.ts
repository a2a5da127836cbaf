import { webhookArn } from '../../core/arn.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';

/** Deletes the webhook and its tags; deleting one that does not exist succeeds, as on AWS. */
export const deleteWebhook: Operation<wire.DeleteWebhookInput, wire.DeleteWebhookOutput> = async (input, context) => {
  const { store, partition } = context.services;
  const arn = webhookArn(partition, input.name);
  await store.transaction(async (tx) => {
    await tx.removeTags(
      arn,
      (await tx.listTags(arn)).map((tag) => tag.key),
    );
    await tx.deleteWebhook(input.name);
  });
  return {};
};
