import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { DialectCapabilities } from '../dialect.js';
import * as m0001 from './0001-pipelines.js';
import * as m0002 from './0002-executions.js';
import * as m0003 from './0003-parameters-and-secrets.js';
import * as m0004 from './0004-webhooks.js';
import * as m0005 from './0005-notifications-and-audit.js';
import * as m0006 from './0006-job-outputs.js';
import * as m0007 from './0007-identity.js';
import * as m0008 from './0008-parameter-history.js';
import * as m0009 from './0009-iam-roles.js';
import * as m0010 from './0010-job-credential-grants.js';

/**
 * Append-only: a migration, once landed, is never edited; a change to the schema is a new file added
 * at the end of this list. Names sort in the order they run.
 */
const migrations: ReadonlyArray<readonly [string, { up(db: Kysely<unknown>, dialect: DialectCapabilities): Promise<void> }]> = [
  ['0001-pipelines', m0001],
  ['0002-executions', m0002],
  ['0003-parameters-and-secrets', m0003],
  ['0004-webhooks', m0004],
  ['0005-notifications-and-audit', m0005],
  ['0006-job-outputs', m0006],
  ['0007-identity', m0007],
  ['0008-parameter-history', m0008],
  ['0009-iam-roles', m0009],
  ['0010-job-credential-grants', m0010],
];

/** The names of every migration, as the migration table records them once they ran. */
export const migrationNames: readonly string[] = migrations.map(([name]) => name);

export function migrationProvider(dialect: DialectCapabilities): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve(
        Object.fromEntries(
          migrations.map(([name, migration]): [string, Migration] => [name, { up: (db) => migration.up(db, dialect) }]),
        ),
      ),
  };
}
