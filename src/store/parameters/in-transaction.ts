import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Runs a multi-statement operation atomically: inside the caller's transaction when it already opened
 * one (Store.transaction), else in a transaction of its own.
 */
export function inTransaction<T>(db: Kysely<Database>, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
