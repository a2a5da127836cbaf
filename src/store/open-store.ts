import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import type { Store } from '../core/contracts/store.js';
import { postgresCapabilities, sqliteCapabilities, type DialectCapabilities } from './dialect.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import { createSqlStore } from './sql-store.js';

export type StoreLocation =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; /** Tests isolate themselves in a schema of their own. */ schema?: string };

/** Opens the store and brings its schema up to date (migrations run at start). */
export async function openStore(location: StoreLocation): Promise<Store> {
  const { db, dialect } = location.kind === 'sqlite' ? openSqlite(location.path) : await openPostgres(location);
  try {
    await migrate(db, dialect, location.kind === 'postgres' ? location.schema : undefined);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createSqlStore(db, dialect);
}

function openSqlite(path: string): { db: Kysely<Database>; dialect: DialectCapabilities } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  // WAL lets readers (GetPipelineState under load) proceed while the engine writes; NORMAL sync is
  // durable across process crashes in WAL mode, which is the failure this store promises to survive.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) }), dialect: sqliteCapabilities };
}

/**
 * Kysely asks SQLite to prepare every query anew; the engine runs the same few dozen statements over
 * and over, and preparing is a large part of their cost. Kysely runs one query at a time on its
 * connection, so a cached statement is never in use twice at once.
 */
function withStatementCache(database: SqliteDatabase.Database, capacity = 512): SqliteDialectConfig['database'] {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        statements.set(sql, statement);
        if (statements.size > capacity) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      }
      return statement;
    },
  };
}

async function openPostgres(location: { url: string; schema?: string }): Promise<{ db: Kysely<Database>; dialect: DialectCapabilities }> {
  if (location.schema !== undefined) await createSchema(location.url, location.schema);
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
const readInt8AsNumber = ((oid: number, format?: 'text' | 'binary'): unknown =>
  oid === int8Oid ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

async function createSchema(url: string, schema: string): Promise<void> {
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

async function migrate(db: Kysely<Database>, dialect: DialectCapabilities, schema: string | undefined): Promise<void> {
  // Kysely looks for its migration tables in every schema unless told which one: a store in a schema
  // of its own must not mistake another schema's tables (a parallel test run's) for its own.
  const migrator = new Migrator({ db, provider: migrationProvider(dialect), ...(schema !== undefined ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
