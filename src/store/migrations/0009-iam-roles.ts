import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialect.js';

/**
 * IAM roles: the roles pipelines, build projects and actions name, with their trust policies. Their
 * inline and attached policies live in the policy tables of 0007 under owner kind `role`.
 */
export async function up(db: Kysely<unknown>, dialect: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('iam_roles')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('role_id', 'text', (c) => c.notNull().unique())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('assume_role_policy_document', dialect.json, (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('max_session_duration', 'integer', (c) => c.notNull())
    .addColumn('created', dialect.bigint, (c) => c.notNull())
    .execute();
}
