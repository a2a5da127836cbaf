import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialect.js';

/**
 * IAM identities: users, groups and memberships, access keys (secrets sealed with a key kept outside
 * the database; a null user is the account's root), inline policies and attached managed policies of
 * users and groups.
 */
export async function up(db: Kysely<unknown>, dialect: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('iam_users')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().unique())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created', dialect.bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('iam_groups')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().unique())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created', dialect.bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('iam_group_members')
    .addColumn('group_name', 'text', (c) => c.notNull().references('iam_groups.name').onDelete('cascade'))
    .addColumn('user_name', 'text', (c) => c.notNull().references('iam_users.name'))
    .addPrimaryKeyConstraint('iam_group_members_pk', ['group_name', 'user_name'])
    .execute();
  await db.schema
    .createTable('iam_access_keys')
    .addColumn('access_key_id', 'text', (c) => c.primaryKey())
    .addColumn('user_name', 'text', (c) => c.references('iam_users.name'))
    .addColumn('sealed_secret', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created', dialect.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('iam_access_keys_user').on('iam_access_keys').column('user_name').execute();
  await db.schema
    .createTable('iam_inline_policies')
    .addColumn('owner_kind', 'text', (c) => c.notNull())
    .addColumn('owner_name', 'text', (c) => c.notNull())
    .addColumn('policy_name', 'text', (c) => c.notNull())
    .addColumn('document', dialect.json, (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_inline_policies_pk', ['owner_kind', 'owner_name', 'policy_name'])
    .execute();
  await db.schema
    .createTable('iam_attached_policies')
    .addColumn('owner_kind', 'text', (c) => c.notNull())
    .addColumn('owner_name', 'text', (c) => c.notNull())
    .addColumn('policy_arn', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_attached_policies_pk', ['owner_kind', 'owner_name', 'policy_arn'])
    .execute();
}
