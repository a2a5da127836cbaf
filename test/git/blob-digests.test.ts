import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobDigests } from '../../src/providers/git/blob-digests.js';
import { gitContext } from '../../src/providers/git/git-environment.js';
import { removeDir, tempDir } from './git-kit.js';

const work = tempDir('blob-digests');
afterAll(() => removeDir(work));

const blob = (n: number): string => n.toString(16).padStart(40, '0');
const sha = (n: number): string => createHash('sha256').update(String(n)).digest('hex');

describe('BlobDigests', () => {
  it('keeps what it learnt across processes (the file), and ignores lines a crash cut or glued', async () => {
    const context = gitContext(join(work, 'data'));
    const learnt = await BlobDigests.open(context, '/repositories/a.git');
    learnt.add(blob(1), { sha256: sha(1), size: 10 });
    learnt.add(blob(2), { sha256: sha(2), size: 20 });
    await learnt.save();
    expect(learnt.get(blob(2))).toEqual({ sha256: sha(2), size: 20 });
    const saved = readFileSync(join(context.cacheRoot, 'blob-digests', `${createHash('sha256').update('/repositories/a.git').digest('hex').slice(0, 32)}.log`), 'utf8');
    expect(saved.split('\n').filter((line) => line !== '').map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual([`${blob(1)} ${sha(1)} 10`, `${blob(2)} ${sha(2)} 20`]);

    // Another repository's file, as a crash may leave it: a whole line, a line cut short and glued to
    // the next one, and a last line without its newline.
    const whole = `${blob(3)} ${sha(3)} 30`;
    const check = (fields: string): string => createHash('sha256').update(fields).digest('hex').slice(0, 8);
    const cut = `${blob(4)} ${sha(4).slice(0, 24)}`;
    const glued = `${blob(5)} ${sha(5)} 50`;
    const last = `${blob(6)} ${sha(6)} 60`;
    const directory = join(context.cacheRoot, 'blob-digests');
    mkdirSync(directory, { recursive: true });
    const file = join(directory, `${createHash('sha256').update('/repositories/b.git').digest('hex').slice(0, 32)}.log`);
    writeFileSync(file, `${whole} ${check(whole)}\n${cut}${glued} ${check(glued)}\n${last} ${check(last)}`);
    const read = await BlobDigests.open(context, '/repositories/b.git');
    expect(read.get(blob(3))).toEqual({ sha256: sha(3), size: 30 });
    expect(read.get(blob(4))).toBeUndefined();
    expect(read.get(blob(5))).toBeUndefined();
    expect(read.get(blob(6))).toBeUndefined();
  });
});
