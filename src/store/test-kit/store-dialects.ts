import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Store } from '../../core/contracts/store.js';
import { openStore } from '../open-store.js';

/**
 * The dialects the one store suite runs on: SQLite always (a file in a temporary folder), PostgreSQL when
 * PIPEWRIGHT_TEST_DATABASE_URL names a server (`.ci/run` sets it to the machine's local one). Each
 * opened PostgreSQL store lives in a fresh schema, dropped again by `dispose`.
 */
export interface StoreDialect {
  name: 'sqlite' | 'postgres';
  open(): Promise<TestStore>;
}

export interface TestStore {
  store: Store;
  dispose(): Promise<void>;
}

export function storeDialects(): StoreDialect[] {
  const dialects: StoreDialect[] = [
    {
      name: 'sqlite',
      // A file, as the server keeps it: writes then go through the writer thread, reads stay here.
      open: async () => {
        const dir = await mkdtemp(join(tmpdir(), 'pipewright-store-'));
        const store = await openStore({ kind: 'sqlite', path: join(dir, 'pipewright.db') });
        return {
          store,
          dispose: async () => {
            await store.close();
            await rm(dir, { recursive: true, force: true });
          },
        };
      },
    },
  ];
  const url = process.env.PIPEWRIGHT_TEST_DATABASE_URL;
  if (url !== undefined && url !== '') {
    dialects.push({
      name: 'postgres',
      open: async () => {
        const schema = `pw_test_${randomBytes(6).toString('hex')}`;
        const store = await holdingSchemaLock(url, 'shared', () => openStore({ kind: 'postgres', url, schema }));
        return {
          store,
          dispose: async () => {
            await store.close();
            await dropTestSchema(url, schema);
          },
        };
      },
    });
  }
  return dialects;
}

/**
 * Kysely's migrator looks at the tables of every schema in the database, and fails ("schema … does not
 * exist") when another test file drops its schema at that moment. Migrating holds a shared advisory
 * lock and dropping an exclusive one, so the two never overlap across test processes. Ending the
 * session releases the lock.
 */
const schemaLifecycleLock = 0x70777473;

export async function holdingSchemaLock<T>(url: string, mode: 'shared' | 'exclusive', work: () => Promise<T>, lockTimeoutMs?: number): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (lockTimeoutMs !== undefined) await client.query(`SET lock_timeout = ${Math.floor(lockTimeoutMs)}`);
    await client.query(mode === 'shared' ? 'SELECT pg_advisory_lock_shared($1)' : 'SELECT pg_advisory_lock($1)', [schemaLifecycleLock]);
    return await work();
  } finally {
    await client.end();
  }
}

/** Drops a test's schema once no store of another test is migrating (see holdingSchemaLock). */
/**
 * Drops a test file's schema, as cleanup: when another test process holds the schema lock or a table of
 * this schema for longer than `lockTimeoutMs` (a loaded CI machine, a server still closing), the schema is
 * left for the database's next reset and a warning names it, rather than failing the test file with a hook
 * timeout that says nothing of why.
 */
export async function dropTestSchema(url: string, schema: string, lockTimeoutMs = 20_000): Promise<void> {
  try {
    await holdingSchemaLock(url, 'exclusive', () => dropSchema(url, schema, lockTimeoutMs), lockTimeoutMs);
  } catch (error) {
    if ((error as { code?: string }).code !== lockNotAvailable) throw error;
    console.warn(`test schema ${schema} left in place: its lock was not free within ${lockTimeoutMs} ms (${(error as Error).message})`);
  }
}

/** PostgreSQL's SQLSTATE for a lock wait that ran past lock_timeout. */
const lockNotAvailable = '55P03';

async function dropSchema(url: string, schema: string, lockTimeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET lock_timeout = ${Math.floor(lockTimeoutMs)}`);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
