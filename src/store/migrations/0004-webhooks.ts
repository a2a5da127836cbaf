import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialect.js';

/**
 * Change detection: webhooks (CodePipeline's PutWebhook, served at `/webhooks/<url_id>`), and the last
 * revision seen of each source action, which polling and events compare against. Webhooks outlive
 * their target pipeline, as on AWS (a call then fails and the webhook shows the error); the revisions
 * seen go with their pipeline.
 */
export async function up(db: Kysely<unknown>, dialect: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('url_id', 'text', (c) => c.notNull().unique())
    .addColumn('target_pipeline', 'text', (c) => c.notNull())
    .addColumn('definition', dialect.json, (c) => c.notNull())
    .addColumn('registered', 'integer', (c) => c.notNull())
    .addColumn('created', dialect.bigint, (c) => c.notNull())
    .addColumn('updated', dialect.bigint, (c) => c.notNull())
    .addColumn('last_triggered', dialect.bigint)
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .execute();

  await db.schema
    .createTable('source_revisions')
    .addColumn('pipeline_name', 'text', (c) => c.notNull().references('pipelines.name').onDelete('cascade'))
    .addColumn('action_name', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('revision', 'text', (c) => c.notNull())
    .addColumn('changes', dialect.bigint, (c) => c.notNull())
    .addColumn('updated', dialect.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('source_revisions_pk', ['pipeline_name', 'action_name'])
    .execute();
}
