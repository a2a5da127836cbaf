import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, DummyDriver } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database, TagsTable } from './schema.js';
import { rowValues, StatementShapes } from './statement-shapes.js';

// Only compiles, never runs: the PostgreSQL compiler shows the placeholders' numbering.
const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

type Tag = TagsTable;
const tags = (keys: string[]): Tag[] => keys.map((key, position) => ({ resource_arn: 'arn', key, value: key.toUpperCase(), position }));
const insertTags = (rows: Tag[]) => db.insertInto('tags').values(rows).compile();

describe('statement shapes', () => {
  it('compiles a shape once and binds later values to the same SQL', () => {
    const shapes = new StatementShapes();
    const first = shapes.statement('tags 2', tags(['a', 'b']), insertTags, rowValues);
    const second = shapes.statement('tags 2', tags(['c', 'd']), insertTags, rowValues);
    expect(second.sql).toBe(first.sql);
    const kysely = insertTags(tags(['c', 'd']));
    expect({ sql: second.sql, parameters: second.parameters }).toEqual({ sql: kysely.sql, parameters: kysely.parameters });
    expect(second.parameters).toEqual(['arn', 'c', 'C', 0, 'arn', 'd', 'D', 1]);
    // The shape keeps no value of its first use: a write is not a read, and that is all its node says.
    expect(second.query.kind).not.toBe('SelectQueryNode');
    expect(JSON.stringify(second.query)).not.toContain('"A"');
  });

  it('keeps the kind of statement, by which the SQLite driver sends reads to the reading connection', () => {
    const shapes = new StatementShapes();
    const byKey = (key: string) => db.selectFrom('tags').selectAll().where('key', '=', key).compile();
    shapes.statement('tag by key', 'a', byKey, (key) => [key]);
    const again = shapes.statement('tag by key', 'b', byKey, (key) => [key]);
    expect(again.query.kind).toBe('SelectQueryNode');
    expect(again.parameters).toEqual(['b']);
    expect(again.queryId).not.toBe(byKey('a').queryId);
  });

  it('refuses a binder that lists the values otherwise than the SQL Kysely compiled', () => {
    const shapes = new StatementShapes();
    const reversed = (rows: Tag[]) => rowValues(rows).reverse();
    expect(() => shapes.statement('tags 2', tags(['a', 'b']), insertTags, reversed)).toThrow(/tags 2 binds its values unlike/);
  });

  it('refuses a row without a value for a column, which Kysely would write as DEFAULT', () => {
    expect(() => rowValues([{ a: 1, b: 2 }, { a: 3, b: undefined }])).toThrow(/no value for column b/);
  });
});
