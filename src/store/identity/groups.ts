import type { Kysely } from 'kysely';
import type { IamGroupRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { inTransaction } from '../parameters/in-transaction.js';

export async function createIamGroup(db: Kysely<Database>, group: IamGroupRecord): Promise<IamGroupRecord | undefined> {
  const inserted = await db
    .insertInto('iam_groups')
    .values({ name: group.name, group_id: group.groupId, path: group.path, created: group.created })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .returning('name')
    .executeTakeFirst();
  return inserted === undefined ? undefined : group;
}

export async function getIamGroup(db: Kysely<Database>, name: string): Promise<IamGroupRecord | undefined> {
  const row = await db.selectFrom('iam_groups').selectAll().where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : { name: row.name, groupId: row.group_id, path: row.path, created: Number(row.created) };
}

export async function addIamUserToGroup(db: Kysely<Database>, groupName: string, userName: string): Promise<void> {
  await db
    .insertInto('iam_group_members')
    .values({ group_name: groupName, user_name: userName })
    .onConflict((conflict) => conflict.columns(['group_name', 'user_name']).doNothing())
    .execute();
}

export async function listIamGroupsForUser(db: Kysely<Database>, userName: string): Promise<string[]> {
  const rows = await db.selectFrom('iam_group_members').select('group_name').where('user_name', '=', userName).orderBy('group_name').execute();
  return rows.map((row) => row.group_name);
}

export async function listIamGroupMembers(db: Kysely<Database>, groupName: string): Promise<string[]> {
  const rows = await db.selectFrom('iam_group_members').select('user_name').where('group_name', '=', groupName).orderBy('user_name').execute();
  return rows.map((row) => row.user_name);
}

export async function removeIamUserFromGroup(db: Kysely<Database>, groupName: string, userName: string): Promise<boolean> {
  const result = await db.deleteFrom('iam_group_members').where('group_name', '=', groupName).where('user_name', '=', userName).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** IAM refuses to delete a group that still has members or policies. */
export function deleteIamGroup(db: Kysely<Database>, name: string): Promise<'deleted' | 'not-found' | 'conflict'> {
  return inTransaction(db, async (tx) => {
    if ((await tx.selectFrom('iam_groups').select('name').where('name', '=', name).executeTakeFirst()) === undefined) return 'not-found';
    const dependents = await Promise.all([
      tx.selectFrom('iam_group_members').select('user_name').where('group_name', '=', name).limit(1).execute(),
      tx.selectFrom('iam_inline_policies').select('policy_name').where('owner_kind', '=', 'group').where('owner_name', '=', name).limit(1).execute(),
      tx.selectFrom('iam_attached_policies').select('policy_arn').where('owner_kind', '=', 'group').where('owner_name', '=', name).limit(1).execute(),
    ]);
    if (dependents.some((rows) => rows.length > 0)) return 'conflict';
    await tx.deleteFrom('iam_groups').where('name', '=', name).execute();
    return 'deleted';
  });
}
