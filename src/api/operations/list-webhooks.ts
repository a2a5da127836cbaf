import { webhookArn } from '../../core/arn.js';
import { decodeNextToken, encodeNextToken, isString } from '../paging.js';
import { presentWebhook } from '../presenters/webhook.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';

const defaultPageSize = 100;

/** Webhooks by name, with their URLs and tags; this operation's paging keys are capitalised (NextToken, MaxResults). */
export const listWebhooks: Operation<wire.ListWebhooksInput, wire.ListWebhooksOutput> = async (input, context) => {
  const { store, partition, changeDetection } = context.services;
  const afterName = decodeNextToken('ListWebhooks', input.NextToken, isString);
  const limit = input.MaxResults ?? defaultPageSize;
  const rows = await store.listWebhooks({ ...(afterName !== undefined ? { afterName } : {}), limit: limit + 1 });
  const page = rows.slice(0, limit);
  const webhooks: wire.ListWebhookItem[] = [];
  for (const record of page) {
    const arn = webhookArn(partition, record.definition.name);
    webhooks.push(presentWebhook(record, changeDetection.webhookUrl(record.urlId), arn, await store.listTags(arn)));
  }
  const last = page.at(-1);
  return {
    webhooks,
    ...(rows.length > limit && last !== undefined ? { NextToken: encodeNextToken('ListWebhooks', last.definition.name) } : {}),
  };
};
