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

export async function holdingSchemaLock<T>(url: string, mode: 'shared' | 'exclusive', work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(mode === 'shared' ? 'SELECT pg_advisory_lock_shared($1)' : 'SELECT pg_advisory_lock($1)', [schemaLifecycleLock]);
    return await work();
  } finally {
    await client.end();
  }
}

/** Drops a test's schema once no store of another test is migrating (see holdingSchemaLock). */
export function dropTestSchema(url: string, schema: string): Promise<void> {
  return holdingSchemaLock(url, 'exclusive', () => dropSchema(url, schema));
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
