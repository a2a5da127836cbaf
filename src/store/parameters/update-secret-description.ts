import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function updateSecretDescription(db: Kysely<Database>, input: { name: string; description: string; now: number }): Promise<boolean> {
  const updated = await db
    .updateTable('secrets')
    .set({ description: input.description, last_changed: input.now })
    .where('name', '=', input.name)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}
