import { sql, type Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialect.js';

/**
 * The engine's tables: each pipeline's runtime row (guarded by a revision), executions, action runs,
 * rule runs of stage conditions, jobs, and the numbered event log. Everything about a pipeline goes when the pipeline is deleted.
 */
export async function up(db: Kysely<unknown>, dialect: DialectCapabilities): Promise<void> {
  const pipelineReference = (name: string) =>
    db.schema.createTable(name).addColumn('pipeline_name', 'text', (c) => c.notNull().references('pipelines.name').onDelete('cascade'));

  await db.schema
    .createTable('pipeline_runtime')
    .addColumn('pipeline_name', 'text', (c) => c.primaryKey().references('pipelines.name').onDelete('cascade'))
    .addColumn('revision', dialect.bigint, (c) => c.notNull())
    .addColumn('document', dialect.json, (c) => c.notNull())
    .execute();

  await pipelineReference('executions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('start_sequence', dialect.bigint, (c) => c.notNull())
    .addColumn('pipeline_version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('execution_mode', 'text', (c) => c.notNull())
    .addColumn('execution_type', 'text', (c) => c.notNull())
    .addColumn('trigger_type', 'text', (c) => c.notNull())
    .addColumn('client_request_token', 'text')
    // ",Source,Build," — the stages it succeeded in, for ListPipelineExecutions' succeededInStage filter.
    .addColumn('succeeded_stages', 'text', (c) => c.notNull())
    .addColumn('started', dialect.bigint, (c) => c.notNull())
    .addColumn('updated', dialect.bigint, (c) => c.notNull())
    .addColumn('document', dialect.json, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('executions_by_pipeline').on('executions').columns(['pipeline_name', 'start_sequence']).execute();
  await db.schema.createIndex('executions_active').on('executions').columns(['active', 'pipeline_name']).execute();
  await db.schema
    .createIndex('executions_request_token')
    .on('executions')
    .columns(['pipeline_name', 'client_request_token'])
    .unique()
    .where(sql.ref('client_request_token'), 'is not', null)
    .execute();

  await pipelineReference('action_runs')
    .addColumn('action_execution_id', 'text', (c) => c.primaryKey())
    .addColumn('execution_id', 'text', (c) => c.notNull())
    .addColumn('pipeline_version', 'integer', (c) => c.notNull())
    .addColumn('stage_name', 'text', (c) => c.notNull())
    .addColumn('action_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started', dialect.bigint, (c) => c.notNull())
    .addColumn('updated', dialect.bigint, (c) => c.notNull())
    .addColumn('document', dialect.json, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('action_runs_by_pipeline').on('action_runs').columns(['pipeline_name', 'started', 'action_execution_id']).execute();
  await db.schema.createIndex('action_runs_by_execution').on('action_runs').columns(['execution_id', 'started']).execute();

  await pipelineReference('rule_runs')
    .addColumn('rule_execution_id', 'text', (c) => c.primaryKey())
    .addColumn('execution_id', 'text', (c) => c.notNull())
    .addColumn('pipeline_version', 'integer', (c) => c.notNull())
    .addColumn('stage_name', 'text', (c) => c.notNull())
    .addColumn('condition_type', 'text', (c) => c.notNull())
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started', dialect.bigint, (c) => c.notNull())
    .addColumn('updated', dialect.bigint, (c) => c.notNull())
    .addColumn('document', dialect.json, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rule_runs_by_pipeline').on('rule_runs').columns(['pipeline_name', 'started', 'rule_execution_id']).execute();

  await pipelineReference('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('execution_id', 'text', (c) => c.notNull())
    .addColumn('stage_name', 'text', (c) => c.notNull())
    .addColumn('action_name', 'text', (c) => c.notNull())
    .addColumn('action_execution_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text')
    .addColumn('worker_id', 'text')
    .addColumn('lease_until', dialect.bigint)
    .addColumn('end_reason', 'text')
    .addColumn('job', dialect.json, (c) => c.notNull())
    .addColumn('created', dialect.bigint, (c) => c.notNull())
    .addColumn('updated', dialect.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_queue').on('jobs').columns(['status', 'owner', 'provider', 'category', 'version', 'created']).execute();
  await db.schema.createIndex('jobs_by_action_run').on('jobs').columns(['action_execution_id']).execute();

  await db.schema
    .createTable('events')
    .addColumn('sequence', dialect.autoIncrementType, (c) => (dialect.name === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('pipeline_name', 'text', (c) => c.notNull().references('pipelines.name').onDelete('cascade'))
    .addColumn('execution_id', 'text')
    .addColumn('time', dialect.bigint, (c) => c.notNull())
    .addColumn('detail_type', 'text', (c) => c.notNull())
    .addColumn('detail', dialect.json, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_by_pipeline').on('events').columns(['pipeline_name', 'sequence']).execute();
}
