import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialect.js';

/** Notification rules with their cursors and delivery records, and the audit record of API calls. */
export async function up(db: Kysely<unknown>, dialect: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('notification_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('event_pattern', dialect.json, (c) => c.notNull())
    .addColumn('target', dialect.json, (c) => c.notNull())
    .addColumn('created', dialect.bigint, (c) => c.notNull())
    .addColumn('cursor', dialect.bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notification_deliveries')
    .addColumn('rule_id', 'text', (c) => c.notNull().references('notification_rules.id').onDelete('cascade'))
    .addColumn('event_sequence', dialect.bigint, (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('at', dialect.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_deliveries_by_rule').on('notification_deliveries').columns(['rule_id', 'at']).execute();

  await db.schema
    .createTable('audit_records')
    .addColumn('sequence', dialect.autoIncrementType, (c) => (dialect.name === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('time', dialect.bigint, (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('pipeline_name', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .execute();
  await db.schema.createIndex('audit_records_by_pipeline').on('audit_records').columns(['pipeline_name', 'sequence']).execute();
}
