/**
 * What differs between the SQL dialects, as capability flags (Kysely's DialectAdapter idea) rather
 * than `if (sqlite)` scattered through queries. Migrations take these flags; queries stay portable.
 */
export interface DialectCapabilities {
  readonly name: 'sqlite' | 'postgres';
  /** Column type of a 64-bit integer (epoch milliseconds, counters). */
  readonly bigint: 'integer' | 'bigint';
  /** Column type of a JSON document kept as text. */
  readonly json: 'text';
  /** An auto-numbered 64-bit primary key column definition. */
  readonly autoIncrementType: 'integer' | 'bigserial';
  /**
   * Whether a SELECT can lock the rows it picks and pass over rows others locked (FOR UPDATE SKIP
   * LOCKED): concurrent claimers then never wait for each other. SQLite has one writer anyway.
   */
  readonly skipLocked: boolean;
}

export const sqliteCapabilities: DialectCapabilities = {
  name: 'sqlite',
  bigint: 'integer',
  json: 'text',
  autoIncrementType: 'integer',
  skipLocked: false,
};

export const postgresCapabilities: DialectCapabilities = {
  name: 'postgres',
  bigint: 'bigint',
  json: 'text',
  autoIncrementType: 'bigserial',
  skipLocked: true,
};
