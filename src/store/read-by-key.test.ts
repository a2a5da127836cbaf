import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { readByKey } from './read-by-key.js';
import type { Database } from './schema.js';

// Only compiles, never runs.
const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new SqliteIntrospector(kysely),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

describe('a read by key', () => {
  it('reuses the SQL Kysely compiled at first use with the next key, and stays a read', () => {
    const tagByKey = readByKey((key: string) => db.selectFrom('tags').selectAll().where('key', '=', key).compile());
    const first = tagByKey('a');
    const again = tagByKey('b');
    const kysely = db.selectFrom('tags').selectAll().where('key', '=', 'b').compile();
    expect({ sql: again.sql, parameters: again.parameters }).toEqual({ sql: kysely.sql, parameters: kysely.parameters });
    // The SQLite driver sends a SelectQueryNode to its reading connection.
    expect(again.query.kind).toBe('SelectQueryNode');
    expect(again.queryId).not.toBe(first.queryId);
  });

  it('refuses a query whose parameters are not just its key', () => {
    const withLimit = readByKey((key: string) => db.selectFrom('tags').selectAll().where('key', '=', key).where('position', '>', 0).compile());
    expect(() => withLimit('a')).toThrow(/other parameters than its key/);
  });
});
