import type { Kysely } from 'kysely';
import type { SecretSummaryRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { toSecretSummary } from './row-mapping.js';

export async function listSecrets(db: Kysely<Database>, page: { afterName?: string; limit: number }): Promise<SecretSummaryRecord[]> {
  let query = db.selectFrom('secrets').selectAll();
  if (page.afterName !== undefined) query = query.where('name', '>', page.afterName);
  const rows = await query.orderBy('name').limit(page.limit).execute();
  return rows.map(toSecretSummary);
}
