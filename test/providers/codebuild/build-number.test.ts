import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nextBuildNumber } from '../../../src/providers/codebuild/project/build-number.js';

describe('build numbers', () => {
  const roots: string[] = [];
  const claimsDir = (): string => {
    const root = mkdtempSync(join(tmpdir(), 'pw-build-numbers-'));
    roots.push(root);
    return join(root, 'cache', 'codebuild', 'web', 'build-numbers');
  };
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it('hands out each number once to builds that start at the same time, counting up from 1', async () => {
    const dir = claimsDir();
    const numbers = await Promise.all(Array.from({ length: 40 }, () => nextBuildNumber(dir)));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
  });

  it('goes on from the claims an earlier version left as files', async () => {
    const dir = claimsDir();
    mkdirSync(dir, { recursive: true });
    for (const old of [1, 2, 7]) writeFileSync(join(dir, String(old)), '');
    expect(await nextBuildNumber(dir)).toBe(8);
    expect(await nextBuildNumber(dir)).toBe(9);
  });

  it('keeps the newest claims only, never the newest itself', async () => {
    const dir = claimsDir();
    for (let build = 0; build < 150; build++) await nextBuildNumber(dir);
    const left = readdirSync(dir).map(Number);
    expect(Math.max(...left)).toBe(150);
    expect(Math.min(...left)).toBeGreaterThan(150 - 100 - 25);
    expect(left.length).toBeLessThan(150);
  });

  it('makes the folder again when it was removed while the server ran', async () => {
    const dir = claimsDir();
    expect(await nextBuildNumber(dir)).toBe(1);
    rmSync(dir, { recursive: true });
    expect(await nextBuildNumber(dir)).toBe(1);
  });
});
