import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialect.js';

/**
 * What job workers hand back besides their result: the output artifacts they upload to the job's
 * output locations (stored as artifacts at once, recorded here until the job's success takes them),
 * and the clientId a third-party job goes out with; and the partner (ThirdParty) action types whose
 * jobs third-party workers poll for.
 */
export async function up(db: Kysely<unknown>, dialect: DialectCapabilities): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('client_id', 'text').execute();
  await db.schema
    .createTable('job_outputs')
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('artifact_name', 'text', (c) => c.notNull())
    .addColumn('ref', dialect.json, (c) => c.notNull())
    .addColumn('uploaded', dialect.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('job_outputs_pk', ['job_id', 'artifact_name'])
    .execute();
  await db.schema
    .createTable('third_party_action_types')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('definition', dialect.json, (c) => c.notNull())
    .addColumn('created', dialect.bigint, (c) => c.notNull())
    .addColumn('updated', dialect.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('third_party_action_types_pk', ['category', 'provider', 'version'])
    .execute();
}
