import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { withStatementCache } from './statement-cache.js';

/**
 * The SQLite writer thread: a worker started by sqlite-thread-driver.ts (never imported, except for its
 * types). It owns the one connection that writes and runs what it is sent, in order: a statement (its
 * rows, or what it changed, go back) or a batch of statements as one transaction (only whether it
 * committed goes back). It checkpoints the write-ahead log itself (SQLite's automatic checkpoint runs
 * inside the commit that crosses 1000 pages), so that copy and its fsync never hold up the thread that
 * serves requests.
 */
export interface WriterOptions {
  path: string;
  pragmas: readonly string[];
}

/** A statement as Kysely compiled it. A guarded one must return a row (RETURNING), or its batch rolls back. */
export interface WriterStatement {
  sql: string;
  parameters: readonly unknown[];
  guard?: string;
}

export type WriterRequest =
  | { kind: 'statement'; id: number; statement: WriterStatement }
  | { kind: 'batch'; id: number; statements: readonly WriterStatement[] }
  | { kind: 'close' };

export type WriterAnswer = { id: number } & (
  | { kind: 'rows'; rows: unknown[]; changes?: number; lastInsertRowid?: number }
  | { kind: 'committed' }
  | { kind: 'guard failed'; guard: string }
  | { kind: 'error'; message: string; code?: string }
);

if (parentPort === null) throw new Error('sqlite-writer-thread.ts runs as a worker thread (see sqlite-thread-driver.ts).');
const port = parentPort;
const options = workerData as WriterOptions;

// The serving thread answers people; this one's work can wait a little. When both want a core, the kernel
// should pick the serving thread. Only Linux keeps a priority per thread (elsewhere this would lower the
// whole process); a system that forbids it only loses the preference.
if (process.platform === 'linux') {
  try {
    setPriority(0, Math.min(19, getPriority(0) + 10));
  } catch {
    // Not allowed here: the thread keeps the serving thread's priority.
  }
}

const database = new SqliteDatabase(options.path);
for (const pragma of options.pragmas) database.pragma(pragma);
const db = withStatementCache(database, () => database.close());

/** A Uint8Array arrives as one (structured clone); better-sqlite3 binds only a Buffer as a blob. */
function asParameters(parameters: readonly unknown[]): unknown[] {
  return parameters.map((value) => (value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value));
}

function runStatement(id: number, { sql, parameters }: WriterStatement): WriterAnswer {
  const statement = db.prepare(sql);
  if (statement.reader) return { id, kind: 'rows', rows: statement.all(asParameters(parameters)) };
  const { changes, lastInsertRowid } = statement.run(asParameters(parameters));
  return { id, kind: 'rows', rows: [], changes: Number(changes), lastInsertRowid: Number(lastInsertRowid) };
}

/** A transaction known in advance, in one go: a guarded statement that returns no row rolls it all back. */
function runBatch(id: number, statements: readonly WriterStatement[]): WriterAnswer {
  db.prepare('begin').run([]);
  try {
    for (const { sql, parameters, guard } of statements) {
      const statement = db.prepare(sql);
      const rows = statement.reader ? statement.all(asParameters(parameters)) : (statement.run(asParameters(parameters)), []);
      if (guard !== undefined && rows.length === 0) {
        db.prepare('rollback').run([]);
        return { id, kind: 'guard failed', guard };
      }
    }
    db.prepare('commit').run([]);
    return { id, kind: 'committed' };
  } catch (error) {
    if (database.inTransaction) db.prepare('rollback').run([]);
    throw error;
  }
}

port.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    port.postMessage(request.kind === 'batch' ? runBatch(request.id, request.statements) : runStatement(request.id, request.statement));
  } catch (error) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    port.postMessage({ id: request.id, kind: 'error', message: String(message), ...(typeof code === 'string' ? { code } : {}) } satisfies WriterAnswer);
  }
});
