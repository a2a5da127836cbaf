import type { Kysely } from 'kysely';
import type { AccessKeyRecord, AccessKeyStatus } from '../../core/contracts/store.js';
import type { Database, IamAccessKeysTable } from '../schema.js';

export async function createAccessKey(db: Kysely<Database>, key: AccessKeyRecord): Promise<void> {
  await db
    .insertInto('iam_access_keys')
    .values({ access_key_id: key.accessKeyId, user_name: key.userName, sealed_secret: key.sealedSecret, status: key.status, created: key.created })
    .execute();
}

export async function getAccessKey(db: Kysely<Database>, accessKeyId: string): Promise<AccessKeyRecord | undefined> {
  const row = await db.selectFrom('iam_access_keys').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();
  return row === undefined ? undefined : keyOf(row);
}

export async function listAccessKeys(db: Kysely<Database>, userName: string | null): Promise<AccessKeyRecord[]> {
  const query = db.selectFrom('iam_access_keys').selectAll().orderBy('created').orderBy('access_key_id');
  const rows = await (userName === null ? query.where('user_name', 'is', null) : query.where('user_name', '=', userName)).execute();
  return rows.map(keyOf);
}

export async function updateAccessKeyStatus(db: Kysely<Database>, accessKeyId: string, status: AccessKeyStatus): Promise<boolean> {
  const result = await db.updateTable('iam_access_keys').set({ status }).where('access_key_id', '=', accessKeyId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteAccessKey(db: Kysely<Database>, accessKeyId: string): Promise<boolean> {
  const result = await db.deleteFrom('iam_access_keys').where('access_key_id', '=', accessKeyId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

function keyOf(row: IamAccessKeysTable): AccessKeyRecord {
  return {
    accessKeyId: row.access_key_id,
    userName: row.user_name,
    sealedSecret: row.sealed_secret,
    status: row.status === 'Inactive' ? 'Inactive' : 'Active',
    created: Number(row.created),
  };
}
