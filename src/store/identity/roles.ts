import type { Kysely } from 'kysely';
import type { IamRoleRecord } from '../../core/contracts/store.js';
import type { Database, IamRolesTable } from '../schema.js';
import { inTransaction } from '../parameters/in-transaction.js';

export async function createIamRole(db: Kysely<Database>, role: IamRoleRecord): Promise<IamRoleRecord | undefined> {
  const inserted = await db
    .insertInto('iam_roles')
    .values({
      name: role.name,
      role_id: role.roleId,
      path: role.path,
      assume_role_policy_document: role.assumeRolePolicyDocument,
      description: role.description ?? null,
      max_session_duration: role.maxSessionDuration,
      created: role.created,
    })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .returning('name')
    .executeTakeFirst();
  return inserted === undefined ? undefined : role;
}

export async function getIamRole(db: Kysely<Database>, name: string): Promise<IamRoleRecord | undefined> {
  const row = await db.selectFrom('iam_roles').selectAll().where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : roleOf(row);
}

export async function listIamRoles(db: Kysely<Database>, page: { pathPrefix?: string; afterName?: string; limit: number }): Promise<IamRoleRecord[]> {
  let query = db.selectFrom('iam_roles').selectAll().orderBy('name');
  if (page.afterName !== undefined) query = query.where('name', '>', page.afterName);
  // As for users: path prefixes compared in code, since LIKE would read `_` and `%` as wildcards.
  if (page.pathPrefix === undefined) return (await query.limit(page.limit).execute()).map(roleOf);
  const prefix = page.pathPrefix;
  return (await query.execute())
    .map(roleOf)
    .filter((role) => role.path.startsWith(prefix))
    .slice(0, page.limit);
}

export async function updateIamRoleTrustPolicy(db: Kysely<Database>, name: string, document: string): Promise<boolean> {
  const result = await db.updateTable('iam_roles').set({ assume_role_policy_document: document }).where('name', '=', name).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** IAM refuses to delete a role that still has inline or attached policies. */
export function deleteIamRole(db: Kysely<Database>, name: string): Promise<'deleted' | 'not-found' | 'conflict'> {
  return inTransaction(db, async (tx) => {
    if ((await tx.selectFrom('iam_roles').select('name').where('name', '=', name).executeTakeFirst()) === undefined) return 'not-found';
    const dependents = await Promise.all([
      tx.selectFrom('iam_inline_policies').select('policy_name').where('owner_kind', '=', 'role').where('owner_name', '=', name).limit(1).execute(),
      tx.selectFrom('iam_attached_policies').select('policy_arn').where('owner_kind', '=', 'role').where('owner_name', '=', name).limit(1).execute(),
    ]);
    if (dependents.some((rows) => rows.length > 0)) return 'conflict';
    await tx.deleteFrom('iam_roles').where('name', '=', name).execute();
    return 'deleted';
  });
}

function roleOf(row: IamRolesTable): IamRoleRecord {
  return {
    name: row.name,
    roleId: row.role_id,
    path: row.path,
    assumeRolePolicyDocument: row.assume_role_policy_document,
    ...(row.description !== null ? { description: row.description } : {}),
    maxSessionDuration: Number(row.max_session_duration),
    created: Number(row.created),
  };
}
