import { randomBytes } from 'node:crypto';
import { webhookArn } from '../../core/arn.js';
import type { WebhookDefinition } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { checkWebhookDefinition } from '../../engine/change-detection/webhooks/check-webhook-definition.js';
import { maskedSecret } from '../presenters/pipeline.js';
import { presentWebhook } from '../presenters/webhook.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { requirePipeline } from './require-pipeline.js';
import { checkTags } from './tag-rules.js';

/**
 * Creates a webhook, or replaces the definition of the one of that name (its URL stays). A new webhook
 * gets a URL with a fresh random id, so one deleted and created again answers at a different URL. A
 * SecretToken given as the redaction mask keeps the stored secret (what ListWebhooks showed).
 */
export const putWebhook: Operation<wire.PutWebhookInput, wire.PutWebhookOutput> = async (input, context) => {
  const { store, partition, limits, changeDetection } = context.services;
  const tags = input.tags ?? [];
  checkTags(tags, limits.maxTagsPerResource);
  const pipeline = await requirePipeline(store, input.webhook.targetPipeline, context.services.partition.accountId);
  const arn = webhookArn(partition, input.webhook.name);
  const { record, allTags } = await store.transaction(async (tx) => {
    const existing = await tx.getWebhook(input.webhook.name);
    const definition = definitionOf(input.webhook, existing?.definition);
    checkWebhookDefinition(definition, pipeline.declaration);
    if (existing === undefined && (await tx.countWebhooks()) >= limits.maxWebhooks) {
      throw new PipewrightError('LimitExceededException', `The account already has ${limits.maxWebhooks} webhooks, the most allowed.`);
    }
    checkTags(
      tags,
      limits.maxTagsPerResource,
      (await tx.listTags(arn)).map((tag) => tag.key),
    );
    const stored = await tx.putWebhook({ definition, urlId: existing?.urlId ?? randomBytes(16).toString('hex'), now: context.now });
    await tx.putTags(arn, tags);
    return { record: stored, allTags: await tx.listTags(arn) };
  });
  return { webhook: presentWebhook(record, changeDetection.webhookUrl(record.urlId), arn, allTags) };
};

/** The definition as stored: only the members the model knows, the masked secret resolved. */
function definitionOf(given: wire.WebhookDefinition, previous: WebhookDefinition | undefined): WebhookDefinition {
  const { SecretToken: secret, AllowedIPRange: range } = given.authenticationConfiguration;
  const previousSecret = previous?.authenticationConfiguration.SecretToken;
  const keptSecret = secret === maskedSecret && previousSecret !== undefined ? previousSecret : secret;
  return {
    name: given.name,
    targetPipeline: given.targetPipeline,
    targetAction: given.targetAction,
    filters: given.filters.map((filter) => ({ jsonPath: filter.jsonPath, ...(filter.matchEquals !== undefined ? { matchEquals: filter.matchEquals } : {}) })),
    authentication: given.authentication,
    authenticationConfiguration: {
      ...(keptSecret !== undefined ? { SecretToken: keptSecret } : {}),
      ...(range !== undefined ? { AllowedIPRange: range } : {}),
    },
  };
}
