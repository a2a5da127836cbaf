import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxCommitMessageBytes, readCommit, truncateUtf8 } from '../../src/providers/git/commit-metadata.js';
import { gitContext, gitEnvironment } from '../../src/providers/git/git-environment.js';
import { commitFiles, initRepository, removeDir, tempDir } from './git-kit.js';

describe('commit metadata', () => {
  let work: string;
  let repo: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    work = tempDir('commit-metadata');
    repo = await initRepository(join(work, 'repo'));
    env = gitEnvironment(gitContext(join(work, 'data')));
  });
  afterAll(() => {
    removeDir(work);
  });

  it('keeps a message up to 100 KB whole and cuts a longer one on a character boundary', async () => {
    // "é" is two bytes in UTF-8: 60,000 of them are 120,000 bytes, over the limit.
    const long = `${'é'.repeat(60_000)}\n`;
    const commit = await commitFiles(repo, { 'a.txt': 'a\n' }, long);
    const info = await readCommit(env, join(repo, '.git'), commit);
    expect(Buffer.byteLength(info.message)).toBeLessThanOrEqual(maxCommitMessageBytes);
    expect(Buffer.byteLength(info.message)).toBeGreaterThan(maxCommitMessageBytes - 2);
    expect(info.message).toBe('é'.repeat(Math.floor(maxCommitMessageBytes / 2)));

    const short = await commitFiles(repo, { 'b.txt': 'b\n' }, 'Subject: with "quotes"\n\nBody – ünïcödé\n');
    expect((await readCommit(env, join(repo, '.git'), short)).message).toBe('Subject: with "quotes"\n\nBody – ünïcödé');
  });

  it('converts author and committer dates to UTC', async () => {
    const commit = await commitFiles(repo, { 'c.txt': 'c\n' }, 'dated', '2023-12-31T23:30:00-05:00');
    const info = await readCommit(env, join(repo, '.git'), commit);
    expect(info.authorDate).toBe('2024-01-01T04:30:00Z');
    expect(info.committerDate).toBe('2024-01-01T04:30:00Z');
  });

  it('truncates UTF-8 without splitting characters', () => {
    expect(truncateUtf8('abc', 10)).toBe('abc');
    expect(truncateUtf8('aé', 2)).toBe('a');
    expect(truncateUtf8('a😀b', 4)).toBe('a');
    expect(truncateUtf8('a😀b', 5)).toBe('a😀');
  });
});
