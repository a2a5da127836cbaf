import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialect.js';

/**
 * Parameters (SSM Parameter Store's model) and secrets with versions and staging labels (Secrets
 * Manager's model), read by builds through the SecretResolver.
 */
export async function up(db: Kysely<unknown>, dialect: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('parameters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('last_modified', dialect.bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text')
    .addColumn('created', dialect.bigint, (c) => c.notNull())
    .addColumn('last_changed', dialect.bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('secret_versions')
    .addColumn('secret_name', 'text', (c) => c.notNull().references('secrets.name').onDelete('cascade'))
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('secret_string', 'text', (c) => c.notNull())
    .addColumn('created', dialect.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('secret_versions_pk', ['secret_name', 'version_id'])
    .execute();

  // A label is on at most one version of a secret: the primary key says so, and moving a label is one
  // guarded UPDATE of its row.
  await db.schema
    .createTable('secret_version_stages')
    .addColumn('secret_name', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('secret_version_stages_pk', ['secret_name', 'stage'])
    .addForeignKeyConstraint('secret_version_stages_version_fk', ['secret_name', 'version_id'], 'secret_versions', ['secret_name', 'version_id'], (c) =>
      c.onDelete('cascade'),
    )
    .execute();
}
