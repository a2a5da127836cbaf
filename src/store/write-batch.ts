import { sql, type CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * A transaction known in advance (the engine's commit of a decision): compiled statements, some guarded.
 * A guarded statement must return at least one row (an UPDATE … RETURNING whose WHERE still holds): if it
 * returns none, everything the batch applied is rolled back and the guard's name says why.
 */
export interface BatchStatement {
  query: CompiledQuery;
  guard?: string;
}

/** Whether the batch was committed; a guarded statement's rows only decide that, so none come back. */
export type BatchResult = { committed: true } | { committed: false; failedGuard: string };

/**
 * A dialect's way of running a batch in one go. The SQLite store hands its writer thread the whole list
 * in one message (sqlite-thread-driver.ts): a transaction then costs one trip to that thread, not one per
 * statement.
 */
export type WriteBatch = (statements: readonly BatchStatement[]) => Promise<BatchResult>;

/**
 * Runs a batch: with the dialect's own runner when there is one and no transaction is open already;
 * otherwise statement by statement, in a transaction of its own (PostgreSQL) or inside the caller's open
 * one, behind a savepoint, so that a failed guard undoes the batch's statements and none of the caller's.
 */
export async function runWriteBatch(db: Kysely<Database>, statements: readonly BatchStatement[], writeBatch: WriteBatch | undefined): Promise<BatchResult> {
  if (statements.length === 0) return { committed: true };
  if (!db.isTransaction) {
    if (writeBatch !== undefined) return writeBatch(statements);
    return guardResult(() => db.transaction().execute((trx) => applyAll(trx, statements)));
  }
  const trx = db as Transaction<Database>;
  await sql`savepoint write_batch`.execute(trx);
  const result = await guardResult(() => applyAll(trx, statements)).catch(async (error: unknown) => {
    await sql`rollback to savepoint write_batch`.execute(trx);
    throw error;
  });
  if (!result.committed) await sql`rollback to savepoint write_batch`.execute(trx);
  await sql`release savepoint write_batch`.execute(trx);
  return result;
}

async function applyAll(trx: Transaction<Database>, statements: readonly BatchStatement[]): Promise<void> {
  for (const statement of statements) {
    const result = await trx.executeQuery(statement.query);
    if (statement.guard !== undefined && result.rows.length === 0) throw new GuardFailed(statement.guard);
  }
}

/** The batch's result: committed, or which guard failed (thrown inside, so that a transaction rolls back). */
async function guardResult(apply: () => Promise<void>): Promise<BatchResult> {
  try {
    await apply();
    return { committed: true };
  } catch (error) {
    if (error instanceof GuardFailed) return { committed: false, failedGuard: error.guard };
    throw error;
  }
}

class GuardFailed extends Error {
  constructor(readonly guard: string) {
    super(`guard ${guard} failed`);
  }
}
