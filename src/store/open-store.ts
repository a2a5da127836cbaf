import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type pg from 'pg';
import type { Store } from '../core/contracts/store.js';
import { postgresCapabilities, sqliteCapabilities, type DialectCapabilities } from './dialect.js';
import { migrationNames, migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import { createSqlStore } from './sql-store.js';
import { sqliteThreadDialect } from './sqlite-thread-driver.js';
import { checkSqliteFile } from './sqlite-integrity.js';
import { withStatementCache } from './statement-cache.js';
import type { WriteBatch } from './write-batch.js';

export type StoreLocation =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; /** Tests isolate themselves in a schema of their own. */ schema?: string };

/** Opens the store and brings its schema up to date (migrations run at start). */
export async function openStore(location: StoreLocation): Promise<Store> {
  const { db, dialect, writeBatch } = location.kind === 'sqlite' ? openSqlite(location.path) : { ...(await openPostgres(location)), writeBatch: undefined };
  try {
    await migrate(db, dialect, location.kind === 'postgres' ? location.schema : undefined);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createSqlStore(db, dialect, writeBatch);
}

/** How the connection that writes is set up (the writer thread's, or the in-memory store's only one). */
const writerPragmas = [
  // WAL lets readers (GetPipelineState under load) proceed while the engine writes; NORMAL sync is
  // durable across process crashes in WAL mode, which is the failure this store promises to survive.
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
];

function openSqlite(path: string): { db: Kysely<Database>; dialect: DialectCapabilities; writeBatch?: WriteBatch } {
  if (path === ':memory:') {
    // An in-memory database is private to its connection: one connection, reads and writes alike.
    const database = new SqliteDatabase(path);
    for (const pragma of writerPragmas) database.pragma(pragma);
    return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database, () => database.close()) }) }), dialect: sqliteCapabilities };
  }
  mkdirSync(dirname(path), { recursive: true });
  checkSqliteFile(path);
  const { dialect, writeBatch } = sqliteThreadDialect({ path, writerPragmas });
  return { db: new Kysely<Database>({ dialect }), dialect: sqliteCapabilities, writeBatch };
}

type Pg = typeof pg;

/** PostgreSQL's client, loaded only for a PostgreSQL store: a server on SQLite never loads it. */
async function loadPg(): Promise<Pg> {
  return (await import('pg')).default;
}

async function openPostgres(location: { url: string; schema?: string }): Promise<{ db: Kysely<Database>; dialect: DialectCapabilities }> {
  const pg = await loadPg();
  if (location.schema !== undefined) await createSchema(pg, location.url, location.schema);
  const readInt8AsNumber = ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === int8Oid ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;
  const pool = new pg.Pool({
    connectionString: location.url,
    max: 10,
    // 64-bit integers (epoch milliseconds, sequence numbers) fit in a JS number; read them as one.
    types: { getTypeParser: readInt8AsNumber },
    ...(location.schema !== undefined ? { options: `-c search_path=${quoteIdentifier(location.schema)}` } : {}),
  });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: postgresCapabilities };
}

/** 64-bit integers (epoch milliseconds, sequence numbers) fit in a JS number; read them as one. */
const int8Oid = 20;

async function createSchema(pg: Pg, url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
  } finally {
    await client.end();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Kysely's table of the migrations that ran (its default name). */
const migrationTable = 'kysely_migration';

/**
 * Whether every migration of this build has run: one read. At most starts nothing is left to run, and
 * the Migrator's way of finding that out (introspecting the schema, creating and taking its lock,
 * sorting with localeCompare, which loads ICU's collator) was a tenth of the server's start.
 * No table yet (a new store) or a migration missing: false, and the Migrator does the work.
 */
async function schemaIsCurrent(db: Kysely<Database>, schema: string | undefined): Promise<boolean> {
  const table = sql.table(schema !== undefined ? `${schema}.${migrationTable}` : migrationTable);
  const ran = await sql<{ name: string }>`SELECT name FROM ${table}`.execute(db).then(
    (result) => new Set(result.rows.map((row) => row.name)),
    () => undefined,
  );
  return ran !== undefined && migrationNames.every((name) => ran.has(name));
}

/** Orders migration names as they sort (`localeCompare`, Kysely's default, would load ICU's collator for it). */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function migrate(db: Kysely<Database>, dialect: DialectCapabilities, schema: string | undefined): Promise<void> {
  if (await schemaIsCurrent(db, schema)) return;
  // Kysely looks for its migration tables in every schema unless told which one: a store in a schema
  // of its own must not mistake another schema's tables (a parallel test run's) for its own.
  // Unordered: a data directory that ran 0008 (main) before 0007 (identity) landed still runs 0007.
  const migrator = new Migrator({ db, provider: migrationProvider(dialect), allowUnorderedMigrations: true, nameComparator: byName, ...(schema !== undefined ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
