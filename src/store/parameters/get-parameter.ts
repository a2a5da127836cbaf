import type { Kysely } from 'kysely';
import type { ParameterRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { toParameterRecord } from './row-mapping.js';

export async function getParameter(db: Kysely<Database>, name: string): Promise<ParameterRecord | undefined> {
  const row = await db.selectFrom('parameters').selectAll().where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : toParameterRecord(row);
}
