import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * A statement of a write batch. A guarded one must return at least one row (an UPDATE … RETURNING whose
 * WHERE still holds): if it returns none, the batch is rolled back and the guard's name says why.
 */
export interface BatchStatement {
  query: CompiledQuery;
  guard?: string;
}

/** Whether the batch was committed; a guarded statement's rows only decide that, so none come back. */
export type BatchResult = { committed: true } | { committed: false; failedGuard: string };

/**
 * Runs statements known in advance as one transaction, in one go. The SQLite store hands its writer
 * thread the whole list in one message (sqlite-thread-driver.ts): a transaction then costs one trip to
 * that thread, not one per statement.
 */
export type WriteBatch = (statements: readonly BatchStatement[]) => Promise<BatchResult>;

/**
 * Runs a batch with the dialect's own runner when there is one and no transaction is open already, or
 * statement by statement in a transaction (PostgreSQL; or the caller's transaction, which it joins).
 */
export function runWriteBatch(db: Kysely<Database>, statements: readonly BatchStatement[], writeBatch: WriteBatch | undefined): Promise<BatchResult> {
  if (statements.length === 0) return Promise.resolve({ committed: true });
  if (writeBatch !== undefined && !db.isTransaction) return writeBatch(statements);
  return writeInTransaction(db, statements);
}

async function writeInTransaction(db: Kysely<Database>, statements: readonly BatchStatement[]): Promise<BatchResult> {
  const run = async (trx: Transaction<Database>): Promise<void> => {
    for (const statement of statements) {
      const result = await trx.executeQuery(statement.query);
      if (statement.guard !== undefined && result.rows.length === 0) throw new GuardFailed(statement.guard);
    }
  };
  try {
    if (db.isTransaction) await run(db as Transaction<Database>);
    else await db.transaction().execute(run);
    return { committed: true };
  } catch (error) {
    if (error instanceof GuardFailed) return { committed: false, failedGuard: error.guard };
    throw error;
  }
}

/** Thrown inside the transaction so that it rolls back, then turned into the result. */
class GuardFailed extends Error {
  constructor(readonly guard: string) {
    super(`guard ${guard} failed`);
  }
}
