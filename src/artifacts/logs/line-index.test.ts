import { describe, expect, it } from 'vitest';
import { LineIndex } from './line-index.js';

describe('LineIndex', () => {
  it("keeps the checkpoints of the logs read most recently, and resets a log's that shrank", () => {
    const index = new LineIndex(2);
    const a = index.get('a', 0);
    LineIndex.passed(a, 1, 10);
    const b = index.get('b', 0);
    expect(index.get('a', 10)).toBe(a);
    // b is now the least recently read: a third log takes its place.
    index.get('c', 0);
    expect(index.get('a', 10)).toBe(a);
    expect(index.get('b', 0)).not.toBe(b);
    // A file smaller than what was seen of it was written again: its checkpoints start over.
    expect(index.get('a', 5)).toEqual({ checkpoints: [0], lines: 0, bytes: 0 });
  });
});
