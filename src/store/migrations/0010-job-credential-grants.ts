import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialect.js';

/**
 * The role credentials a running job was given (issue 24), so that any replica answers its container
 * credentials URL and accepts its session keys, and none does once the job has ended. The URL's token is
 * kept as its SHA-256 only; the session's secret and token are sealed with the server's secrets key.
 */
export async function up(db: Kysely<unknown>, dialect: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('job_credential_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_sha256', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('role_arn', 'text', (c) => c.notNull())
    .addColumn('role_name', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addColumn('session_name', 'text', (c) => c.notNull())
    .addColumn('access_key_id', 'text', (c) => c.notNull().unique())
    .addColumn('sealed_session', 'text', (c) => c.notNull())
    .addColumn('expires', dialect.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_credential_grants_by_job').on('job_credential_grants').column('job_id').execute();
}
