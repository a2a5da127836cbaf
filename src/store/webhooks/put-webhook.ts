import type { Kysely } from 'kysely';
import type { WebhookDefinition, WebhookRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { getWebhook } from './get-webhook.js';

/** Creates the webhook, or replaces the definition of the one of that name; its URL id and creation stay. */
export async function putWebhook(db: Kysely<Database>, input: { definition: WebhookDefinition; urlId: string; now: number }): Promise<WebhookRecord> {
  const { definition, urlId, now } = input;
  await db
    .insertInto('webhooks')
    .values({
      name: definition.name,
      url_id: urlId,
      target_pipeline: definition.targetPipeline,
      definition: JSON.stringify(definition),
      registered: 0,
      created: now,
      updated: now,
      last_triggered: null,
      error_code: null,
      error_message: null,
    })
    .onConflict((conflict) =>
      conflict.column('name').doUpdateSet({ target_pipeline: definition.targetPipeline, definition: JSON.stringify(definition), updated: now }),
    )
    .execute();
  const stored = await getWebhook(db, definition.name);
  if (stored === undefined) throw new Error(`The webhook ${definition.name} was written but cannot be read back.`);
  return stored;
}
