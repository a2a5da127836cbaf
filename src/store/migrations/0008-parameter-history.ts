import { sql, type Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialect.js';

/**
 * Every version of a parameter, as SSM keeps them for GetParameterHistory and `name:version`
 * selectors, with who wrote it (LastModifiedUser). Parameters written before this migration get their
 * current version as their history.
 */
export async function up(db: Kysely<unknown>, dialect: DialectCapabilities): Promise<void> {
  await db.schema.alterTable('parameters').addColumn('modified_by', 'text').execute();
  await db.schema
    .createTable('parameter_versions')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('last_modified', dialect.bigint, (c) => c.notNull())
    .addColumn('modified_by', 'text')
    .addPrimaryKeyConstraint('parameter_versions_pk', ['name', 'version'])
    .execute();
  await sql`INSERT INTO parameter_versions (name, version, type, value, description, last_modified)
            SELECT name, version, type, value, description, last_modified FROM parameters`.execute(db);
}
