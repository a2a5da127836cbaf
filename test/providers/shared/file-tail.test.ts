import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTail } from '../../../src/providers/shared/file-tail.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-tail-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('FileTail', () => {
  it('hands over everything appended, in order, as it is written and after long pauses', async () => {
    const file = join(dir, 'out');
    writeFileSync(file, 'first\n');
    let seen = '';
    const tail = new FileTail(file, (chunk) => (seen += chunk.toString()));
    await tail.start();
    await expect.poll(() => seen).toBe('first\n');
    // A quiet file is watched: the next write is read at once, without waiting for a timer.
    appendFileSync(file, 'second\n');
    await expect.poll(() => seen, { timeout: 5000 }).toBe('first\nsecond\n');
    // A flood is read in batches and nothing is lost.
    let expected = 'first\nsecond\n';
    for (let i = 0; i < 2000; i++) {
      const line = `line ${i}\n`;
      appendFileSync(file, line);
      expected += line;
    }
    await tail.drain();
    expect(seen).toBe(expected);
    appendFileSync(file, 'last\n');
    await tail.stop();
    expect(seen).toBe(`${expected}last\n`);
    // Stopped: later writes are not followed.
    appendFileSync(file, 'after\n');
    await tail.drain();
    expect(seen.endsWith('last\n')).toBe(true);
  });
});
