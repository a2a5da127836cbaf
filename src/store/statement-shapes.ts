import { createQueryId, RawNode, SelectQueryNode, type CompiledQuery } from 'kysely';

/**
 * The SQL of statements written over and over with other values, compiled once. The engine's commit
 * writes a few shapes of statement (so many rows into these tables, this job finished) hundreds of times
 * a second; building each with Kysely made a query tree with a node per value and compiled it anew, which
 * cost more of the serving thread than SQLite took to run it, and left garbage whose collection paused it.
 *
 * The first statement of a shape is built and compiled by Kysely; later ones bind their values to its
 * SQL. That first time also checks that the shape's binder lists the values exactly as Kysely did, so the
 * two cannot drift apart unnoticed.
 */
export class StatementShapes {
  /** Each shape's SQL, and a node of its kind (the SQLite driver sends reads to its reading connection). */
  private readonly compiledByShape = new Map<string, Pick<CompiledQuery, 'sql' | 'query'>>();

  /**
   * The statement for `values`: `shape` names its SQL (everything about it but the values), `build`
   * makes it with Kysely, `bind` lists its parameters in the order of that SQL.
   */
  statement<V>(shape: string, values: V, build: (values: V) => CompiledQuery, bind: (values: V) => unknown[]): CompiledQuery {
    const first = this.compiledByShape.get(shape);
    if (first !== undefined) return { query: first.query, sql: first.sql, parameters: bind(values), queryId: createQueryId() };
    const compiled = build(values);
    const bound = bind(values);
    if (bound.length !== compiled.parameters.length || bound.some((value, index) => value !== compiled.parameters[index])) {
      throw new Error(`The statement shape ${shape} binds its values unlike the SQL Kysely compiled for it.`);
    }
    // A write's node holds every value of its first use (an insert of 64 executions holds their documents):
    // kept with the shape, they would stay in memory for good. Only a read's node is looked at again.
    this.compiledByShape.set(shape, { sql: compiled.sql, query: SelectQueryNode.is(compiled.query) ? compiled.query : RawNode.createWithSql(compiled.sql) });
    return compiled;
  }
}

/** The parameters of a multi-row INSERT: each row's values, in the column order of the first row. */
export function rowValues(rows: readonly object[]): unknown[] {
  const first = rows[0];
  if (first === undefined) return [];
  const columns = Object.keys(first);
  const values: unknown[] = [];
  for (const row of rows) {
    for (const column of columns) {
      const value = (row as Record<string, unknown>)[column];
      // Kysely writes DEFAULT for an undefined value: that would be other SQL than the shape's.
      if (value === undefined) throw new Error(`A row has no value for column ${column}; write null instead.`);
      values.push(value);
    }
  }
  return values;
}
