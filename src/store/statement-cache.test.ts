import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

describe('withStatementCache', () => {
  const database = new Database(':memory:');

  it('prepares a statement once and hands it out again, keeping the most recently used', () => {
    const cache = withStatementCache(database, () => undefined, 2);
    const one = cache.prepare('select 1');
    const two = cache.prepare('select 2');
    expect(cache.prepare('select 1')).toBe(one);
    // select 2 is now the least recently used: a third statement takes its place.
    cache.prepare('select 3');
    expect(cache.prepare('select 1')).toBe(one);
    expect(cache.prepare('select 2')).not.toBe(two);
  });
});
