import { existsSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';

/** A SQLite file that failed its check at start: the server must not run on it. */
export class DamagedDatabaseError extends Error {
  override readonly name = 'DamagedDatabaseError';
}

/**
 * Checks an existing SQLite file before the server uses it (`PRAGMA quick_check`: every page and
 * record is read, indexes are not matched against their tables, so it costs one read of the file).
 * A damaged file throws a DamagedDatabaseError naming the file and what to do; a server that ran on it
 * would fail later, in the middle of someone's work, or write more damage.
 */
export function checkSqliteFile(path: string): void {
  if (!existsSync(path)) return;
  let problems: string[];
  try {
    const database = new SqliteDatabase(path, { fileMustExist: true });
    try {
      problems = (database.pragma('quick_check(20)') as { quick_check: string }[]).map((row) => row.quick_check).filter((row) => row !== 'ok');
    } finally {
      database.close();
    }
  } catch (error) {
    problems = [(error as Error).message];
  }
  if (problems.length === 0) return;
  throw new DamagedDatabaseError(
    [
      `The SQLite store ${path} is damaged, so the server will not start on it. SQLite's check says:`,
      ...problems.slice(0, 5).map((problem) => `  ${problem}`),
      'What to do: stop anything else using the file; restore it from a backup (with its -wal file, if any), or run',
      `  sqlite3 ${path} ".recover" | sqlite3 recovered.db`,
      'and replace the file with recovered.db; or move the file aside to start with an empty store (artifacts and repositories in the data directory stay).',
    ].join('\n'),
  );
}
