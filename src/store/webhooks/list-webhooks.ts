import type { Kysely } from 'kysely';
import type { WebhookRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { toWebhookRecord } from './row-mapping.js';

export async function listWebhooks(db: Kysely<Database>, page: { afterName?: string; limit: number }): Promise<WebhookRecord[]> {
  let query = db.selectFrom('webhooks').selectAll().orderBy('name').limit(page.limit);
  if (page.afterName !== undefined) query = query.where('name', '>', page.afterName);
  return (await query.execute()).map(toWebhookRecord);
}

export async function countWebhooks(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('webhooks').select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
