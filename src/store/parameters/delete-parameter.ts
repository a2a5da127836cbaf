import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function deleteParameter(db: Kysely<Database>, name: string): Promise<boolean> {
  const deleted = await db.deleteFrom('parameters').where('name', '=', name).executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}
