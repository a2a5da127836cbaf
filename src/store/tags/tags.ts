import type { Kysely } from 'kysely';
import type { Tag, TagOperations } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';

export async function listTags(db: Kysely<Database>, resourceArn: string): Promise<Tag[]> {
  return db.selectFrom('tags').select(['key', 'value']).where('resource_arn', '=', resourceArn).orderBy('position').execute();
}

export async function putTags(db: Kysely<Database>, resourceArn: string, tags: readonly Tag[]): Promise<void> {
  if (tags.length === 0) return;
  const last = await db
    .selectFrom('tags')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('resource_arn', '=', resourceArn)
    .executeTakeFirst();
  const start = Number(last?.position ?? 0) + 1;
  await db
    .insertInto('tags')
    .values(tags.map((tag, index) => ({ resource_arn: resourceArn, key: tag.key, value: tag.value, position: start + index })))
    // A tag set again keeps its place and takes the new value.
    .onConflict((conflict) => conflict.columns(['resource_arn', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute();
}

export async function removeTags(db: Kysely<Database>, resourceArn: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.deleteFrom('tags').where('resource_arn', '=', resourceArn).where('key', 'in', keys).execute();
}

export function tagOperations(db: Kysely<Database>): TagOperations {
  return {
    listTags: (arn) => listTags(db, arn),
    putTags: (arn, tags) => putTags(db, arn, tags),
    removeTags: (arn, keys) => removeTags(db, arn, keys),
  };
}
