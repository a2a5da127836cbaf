import type { Kysely } from 'kysely';
import type { IamUserRecord } from '../../core/contracts/store.js';
import type { Database, IamUsersTable } from '../schema.js';
import { inTransaction } from '../parameters/in-transaction.js';

export async function createIamUser(db: Kysely<Database>, user: IamUserRecord): Promise<IamUserRecord | undefined> {
  const inserted = await db
    .insertInto('iam_users')
    .values({ name: user.name, user_id: user.userId, path: user.path, created: user.created })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .returning('name')
    .executeTakeFirst();
  return inserted === undefined ? undefined : user;
}

export async function getIamUser(db: Kysely<Database>, name: string): Promise<IamUserRecord | undefined> {
  const row = await db.selectFrom('iam_users').selectAll().where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : userOf(row);
}

export async function listIamUsers(db: Kysely<Database>, page: { pathPrefix?: string; afterName?: string; limit: number }): Promise<IamUserRecord[]> {
  let query = db.selectFrom('iam_users').selectAll().orderBy('name');
  if (page.afterName !== undefined) query = query.where('name', '>', page.afterName);
  // Path prefixes are compared in code (LIKE would read `_` and `%` in a path as wildcards), so the
  // page is cut after filtering.
  if (page.pathPrefix === undefined) return (await query.limit(page.limit).execute()).map(userOf);
  const prefix = page.pathPrefix;
  return (await query.execute())
    .map(userOf)
    .filter((user) => user.path.startsWith(prefix))
    .slice(0, page.limit);
}

/** IAM refuses to delete a user who still has access keys, policies or group memberships. */
export function deleteIamUser(db: Kysely<Database>, name: string): Promise<'deleted' | 'not-found' | 'conflict'> {
  return inTransaction(db, async (tx) => {
    if ((await tx.selectFrom('iam_users').select('name').where('name', '=', name).executeTakeFirst()) === undefined) return 'not-found';
    const dependents = await Promise.all([
      tx.selectFrom('iam_access_keys').select('access_key_id').where('user_name', '=', name).limit(1).execute(),
      tx.selectFrom('iam_group_members').select('group_name').where('user_name', '=', name).limit(1).execute(),
      tx.selectFrom('iam_inline_policies').select('policy_name').where('owner_kind', '=', 'user').where('owner_name', '=', name).limit(1).execute(),
      tx.selectFrom('iam_attached_policies').select('policy_arn').where('owner_kind', '=', 'user').where('owner_name', '=', name).limit(1).execute(),
    ]);
    if (dependents.some((rows) => rows.length > 0)) return 'conflict';
    await tx.deleteFrom('iam_users').where('name', '=', name).execute();
    return 'deleted';
  });
}

function userOf(row: IamUsersTable): IamUserRecord {
  return { name: row.name, userId: row.user_id, path: row.path, created: Number(row.created) };
}
