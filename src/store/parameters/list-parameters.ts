import { sql, type Kysely } from 'kysely';
import type { ParameterRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { toParameterRecord } from './row-mapping.js';

/**
 * Parameters by name. A path is matched with `substr`, not LIKE: SQLite's LIKE ignores case and both
 * dialects would need `%` and `_` escaped, while parameter names are case-sensitive.
 */
export async function listParameters(
  db: Kysely<Database>,
  page: { path?: string; recursive?: boolean; afterName?: string; limit: number },
): Promise<ParameterRecord[]> {
  let query = db.selectFrom('parameters').selectAll();
  if (page.path !== undefined) {
    const prefix = page.path.endsWith('/') ? page.path : `${page.path}/`;
    query = query.where(sql<string>`substr(name, 1, ${prefix.length})`, '=', prefix);
    // Without recursion only the parameters directly under the path: no further `/` in the rest of the name.
    if (page.recursive !== true) query = query.where(sql<string>`substr(name, ${prefix.length + 1})`, 'not like', '%/%');
  }
  if (page.afterName !== undefined) query = query.where('name', '>', page.afterName);
  const rows = await query.orderBy('name').limit(page.limit).execute();
  return rows.map(toParameterRecord);
}
