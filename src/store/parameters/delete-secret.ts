import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Versions and their labels go with the secret (ON DELETE CASCADE). */
export async function deleteSecret(db: Kysely<Database>, name: string): Promise<boolean> {
  const deleted = await db.deleteFrom('secrets').where('name', '=', name).executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}
