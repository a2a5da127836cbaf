import type { Kysely } from 'kysely';
import type { ParameterRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { toParameterRecord } from './row-mapping.js';

export async function getParameterHistory(db: Kysely<Database>, name: string): Promise<ParameterRecord[]> {
  const rows = await db.selectFrom('parameter_versions').selectAll().where('name', '=', name).orderBy('version').execute();
  return rows.map(toParameterRecord);
}

export async function getParameterVersion(db: Kysely<Database>, name: string, version: number): Promise<ParameterRecord | undefined> {
  const row = await db.selectFrom('parameter_versions').selectAll().where('name', '=', name).where('version', '=', version).executeTakeFirst();
  return row === undefined ? undefined : toParameterRecord(row);
}
