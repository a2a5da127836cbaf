import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function deleteWebhook(db: Kysely<Database>, name: string): Promise<boolean> {
  const deleted = await db.deleteFrom('webhooks').where('name', '=', name).executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}
