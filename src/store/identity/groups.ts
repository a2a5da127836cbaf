import type { Kysely } from 'kysely';
import type { IamGroupRecord } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';

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
