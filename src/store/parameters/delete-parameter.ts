import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { inTransaction } from './in-transaction.js';

export function deleteParameter(db: Kysely<Database>, name: string): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const deleted = await tx.deleteFrom('parameters').where('name', '=', name).executeTakeFirst();
    await tx.deleteFrom('parameter_versions').where('name', '=', name).execute();
    return deleted.numDeletedRows > 0n;
  });
}
