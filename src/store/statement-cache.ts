import type SqliteDatabase from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

/**
 * Kysely asks SQLite to prepare every query anew; the engine runs the same few dozen statements over
 * and over, and preparing is a large part of their cost. Kysely runs one query at a time on a
 * connection, so a cached statement is never in use twice at once. At most `capacity` are kept, the
 * least recently used dropped first.
 */
export function withStatementCache(database: SqliteDatabase.Database, close: () => void, capacity = 512): KyselySqliteDatabase {
  const statements = new LRUCache<string, SqliteDatabase.Statement>({ max: capacity });
  return {
    close,
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
