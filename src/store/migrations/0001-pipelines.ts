import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialect.js';

/** Pipelines, their kept versions, tags of any resource, and custom action types. */
export async function up(db: Kysely<unknown>, dialect: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('pipelines')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('pipeline_type', 'text', (c) => c.notNull())
    .addColumn('execution_mode', 'text', (c) => c.notNull())
    .addColumn('created', dialect.bigint, (c) => c.notNull())
    .addColumn('updated', dialect.bigint, (c) => c.notNull())
    .addColumn('polling_disabled_at', dialect.bigint)
    .execute();

  await db.schema
    .createTable('pipeline_versions')
    .addColumn('pipeline_name', 'text', (c) => c.notNull().references('pipelines.name').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('declaration', dialect.json, (c) => c.notNull())
    .addColumn('created', dialect.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('pipeline_versions_pk', ['pipeline_name', 'version'])
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('resource_arn', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    // Tags are returned in the order they were first set, as AWS returns them.
    .addColumn('position', dialect.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pk', ['resource_arn', 'key'])
    .execute();

  await db.schema
    .createTable('custom_action_types')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('definition', dialect.json, (c) => c.notNull())
    .addColumn('created', dialect.bigint, (c) => c.notNull())
    .addColumn('deleted_at', dialect.bigint)
    .addPrimaryKeyConstraint('custom_action_types_pk', ['category', 'provider', 'version'])
    .execute();

}
