import type { Kysely } from 'kysely';
import type { WebhookRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { toWebhookRecord } from './row-mapping.js';

export async function getWebhook(db: Kysely<Database>, name: string): Promise<WebhookRecord | undefined> {
  const row = await db.selectFrom('webhooks').selectAll().where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : toWebhookRecord(row);
}

export async function findWebhookByUrlId(db: Kysely<Database>, urlId: string): Promise<WebhookRecord | undefined> {
  const row = await db.selectFrom('webhooks').selectAll().where('url_id', '=', urlId).executeTakeFirst();
  return row === undefined ? undefined : toWebhookRecord(row);
}
