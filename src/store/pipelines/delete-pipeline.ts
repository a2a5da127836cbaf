import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Versions go with the pipeline (ON DELETE CASCADE); later tables about a pipeline cascade the same way. */
export async function deletePipeline(db: Kysely<Database>, name: string): Promise<boolean> {
  const deleted = await db.deleteFrom('pipelines').where('name', '=', name).executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}
