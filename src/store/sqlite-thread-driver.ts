import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import { withStatementCache } from './statement-cache.js';
import type { WriterAnswer, WriterOptions, WriterRequest, WriterStatement } from './sqlite-writer-thread.js';
import type { BatchResult, BatchStatement, WriteBatch } from './write-batch.js';

/**
 * SQLite for a server whose one event loop also answers requests: writes go to a connection in a thread
 * of their own, reads stay on a connection here.
 *
 * better-sqlite3 is synchronous, which makes it the fastest embedded store for many small statements,
 * and also means a write transaction (a batch of the engine's decisions: several milliseconds) holds the
 * event loop, so a GetPipelineState arriving meanwhile waits for it. In WAL mode readers never wait for
 * the writer, so: every write, and every statement of a transaction, runs on the writer thread, in order,
 * one session at a time; a read outside a transaction runs here at once, on a connection that may not
 * write (`query_only`), and sees everything committed before it started.
 *
 * The whole write path, in reading order: write-batch.ts (a transaction known in advance, its guards),
 * this file (which connection runs what), sqlite-writer-thread.ts (the thread that writes).
 */
export function sqliteThreadDialect(options: { path: string; writerPragmas: readonly string[] }): { dialect: Dialect; writeBatch: WriteBatch } {
  let driver: SqliteThreadDriver | undefined;
  return {
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => (driver = new SqliteThreadDriver(options.path, options.writerPragmas)),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
    // Kysely makes its driver when the database is first used; a batch is never the first use (migrations are).
    writeBatch: (statements) => (driver !== undefined ? driver.writeBatch(statements) : Promise.reject(new Error('The SQLite store is not open.'))),
  };
}

class SqliteThreadDriver implements Driver {
  private writer: WriterThread | undefined;
  private reader: ReturnType<typeof withStatementCache> | undefined;
  /** One session writes at a time: the writer connection is one connection. */
  readonly writerLock = new Mutex();

  constructor(
    private readonly path: string,
    private readonly writerPragmas: readonly string[],
  ) {}

  async init(): Promise<void> {
    // The writer first: it creates the file and puts it in WAL mode before the reader opens it.
    this.writer = await WriterThread.start({ path: this.path, pragmas: this.writerPragmas });
    const reader = new SqliteDatabase(this.path);
    reader.pragma('busy_timeout = 5000');
    reader.pragma('query_only = 1');
    this.reader = withStatementCache(reader, () => reader.close());
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(new Session(this));
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as Session).release();
    return Promise.resolve();
  }

  async destroy(): Promise<void> {
    this.reader?.close();
    await this.writer?.close();
  }

  read(query: CompiledQuery): QueryResult<unknown> {
    if (this.reader === undefined) throw new Error('The SQLite store is not open.');
    return { rows: this.reader.prepare(query.sql).all(query.parameters) };
  }

  write(query: CompiledQuery): Promise<QueryResult<unknown>> {
    if (this.writer === undefined) return Promise.reject(new Error('The SQLite store is not open.'));
    return this.writer.run({ sql: query.sql, parameters: query.parameters });
  }

  async writeBatch(statements: readonly BatchStatement[]): Promise<BatchResult> {
    if (this.writer === undefined) throw new Error('The SQLite store is not open.');
    await this.writerLock.lock();
    try {
      return await this.writer.batch(statements.map(({ query, guard }) => ({ sql: query.sql, parameters: query.parameters, ...(guard !== undefined ? { guard } : {}) })));
    } finally {
      this.writerLock.unlock();
    }
  }
}

/**
 * What Kysely calls a connection: one query outside a transaction, or one transaction. It takes the
 * writer at its first statement that is not a plain read, and keeps it until Kysely releases it.
 */
class Session implements DatabaseConnection {
  private holdsWriter = false;

  constructor(private readonly driver: SqliteThreadDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.holdsWriter && SelectQueryNode.is(query.query)) return this.driver.read(query) as QueryResult<R>;
    if (!this.holdsWriter) {
      await this.driver.writerLock.lock();
      this.holdsWriter = true;
    }
    return (await this.driver.write(query)) as QueryResult<R>;
  }

  /** The store never streams; Kysely's interface asks for the method. */
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('The SQLite store does not stream query results.');
  }

  release(): void {
    if (!this.holdsWriter) return;
    this.holdsWriter = false;
    this.driver.writerLock.unlock();
  }
}

/**
 * Starts the writer thread's module, sqlite-writer-thread.ts. tsc compiles it next to this file, and the
 * built server loads that. Run from the sources (tsx, vitest, the benchmarks), there is only the
 * TypeScript file, and Node 20 applies no `--import` loader to a worker: the thread asks tsx to load it.
 */
function startWriterThread(options: WriterOptions): Worker {
  if (import.meta.url.endsWith('.js')) return new Worker(new URL('./sqlite-writer-thread.js', import.meta.url), { workerData: options });
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const module = fileURLToPath(new URL('./sqlite-writer-thread.ts', import.meta.url));
  return new Worker(`require(${JSON.stringify(tsx)}).require(${JSON.stringify(module)}, ${JSON.stringify(module)});`, { eval: true, workerData: options });
}

/** The thread that owns the writing connection, and the requests waiting for its answers. */
class WriterThread {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (answer: WriterAnswer) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;

  private constructor(private readonly thread: Worker) {
    thread.on('message', (answer: WriterAnswer) => this.answered(answer));
    thread.on('error', (error) => this.fail(error));
    thread.on('exit', () => this.fail(new Error('The SQLite writer thread stopped.')));
    // A thread with nothing to do must not keep the process alive; one with work must (see send).
    thread.unref();
  }

  static async start(options: WriterOptions): Promise<WriterThread> {
    const writer = new WriterThread(startWriterThread(options));
    // The first statement answers once the connection is open and set up (or with why it could not be).
    await writer.run({ sql: 'select 1', parameters: [] });
    return writer;
  }

  async run(statement: WriterStatement): Promise<QueryResult<unknown>> {
    const answer = await this.send({ kind: 'statement', id: this.nextId++, statement });
    if (answer.kind !== 'rows') throw new Error(`The SQLite writer thread answered a statement with ${answer.kind}.`);
    return answer.changes === undefined
      ? { rows: answer.rows }
      : { rows: answer.rows, numAffectedRows: BigInt(answer.changes), insertId: BigInt(answer.lastInsertRowid ?? 0) };
  }

  async batch(statements: readonly WriterStatement[]): Promise<BatchResult> {
    const answer = await this.send({ kind: 'batch', id: this.nextId++, statements });
    if (answer.kind === 'guard failed') return { committed: false, failedGuard: answer.guard };
    if (answer.kind !== 'committed') throw new Error(`The SQLite writer thread answered a batch with ${answer.kind}.`);
    return { committed: true };
  }

  private send(request: WriterRequest & { id: number }): Promise<WriterAnswer> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.thread.ref();
      this.waiting.set(request.id, { resolve, reject });
      this.thread.postMessage(request);
    });
  }

  async close(): Promise<void> {
    if (this.failure !== undefined) return;
    const exited = new Promise<void>((resolve) => this.thread.once('exit', () => resolve()));
    this.thread.ref();
    this.thread.postMessage({ kind: 'close' } satisfies WriterRequest);
    await exited;
  }

  private answered(answer: WriterAnswer): void {
    const waiter = this.waiting.get(answer.id);
    if (waiter === undefined) return;
    this.waiting.delete(answer.id);
    if (this.waiting.size === 0) this.thread.unref();
    if (answer.kind === 'error') waiter.reject(new SqliteDatabase.SqliteError(answer.message, answer.code ?? 'SQLITE_ERROR'));
    else waiter.resolve(answer);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

/** A lock that hands itself to waiters in the order they asked. */
class Mutex {
  private queue: (() => void)[] = [];
  private locked = false;

  lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  unlock(): void {
    const next = this.queue.shift();
    if (next !== undefined) next();
    else this.locked = false;
  }
}
