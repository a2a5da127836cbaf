import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

/**
 * Kysely asks SQLite to prepare every query anew; the engine runs the same few dozen statements over
 * and over, and preparing is a large part of their cost. Kysely runs one query at a time on a
 * connection, so a cached statement is never in use twice at once.
 */
export function withStatementCache(database: SqliteDatabase.Database, close: () => void, capacity = 512): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close,
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
