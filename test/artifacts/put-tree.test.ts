import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactOwner, TreeSourceEntry } from '../../src/core/contracts/artifact-store.js';
import { createS3Client, openFilesystemArtifactStore, S3ArtifactStore } from '../../src/artifacts/index.js';
import { scanDirectory } from '../../src/artifacts/tree/scan-directory.js';
import { startTestS3, type TestS3 } from './kit/s3-server.js';
import { contentOf, removeTemporaryDirectories, sampleTree, temporaryDirectory, writeTree } from './kit/trees.js';

const owner: ArtifactOwner = { pipelineName: 'put-tree', artifactName: 'Source', executionId: '0b7c5f0e-0000-4000-8000-000000000009' };

/** A directory's entries as a producer hands them to putTree, counting what the store opens. */
async function entriesOf(directory: string, known: 'announce' | 'none' | 'wrong'): Promise<{ entries: TreeSourceEntry[]; opened: string[]; stored: string[] }> {
  const opened: string[] = [];
  const stored: string[] = [];
  const entries = (await scanDirectory(directory)).map((entry): TreeSourceEntry => {
    if (entry.type !== 'file') return entry;
    const content = readFileSync(entry.source);
    const sha256 = createHash('sha256').update(known === 'wrong' ? 'other content' : content).digest('hex');
    return {
      type: 'file',
      path: entry.path,
      executable: entry.executable,
      ...(known === 'none' ? {} : { known: { sha256, size: content.length } }),
      open: (): Promise<Readable> => {
        opened.push(entry.path);
        return Promise.resolve(createReadStream(entry.source));
      },
      stored: () => stored.push(entry.path),
    };
  });
  return { entries, opened, stored };
}

afterAll(() => removeTemporaryDirectories());

describe('putTree on the filesystem store', () => {
  it('opens only files whose announced content it does not hold, and gives the artifact putDirectory gives', async () => {
    const root = join(temporaryDirectory('put-tree'), 'artifacts');
    const store = await openFilesystemArtifactStore({ root, overlay: 'off' });
    const source = writeTree(temporaryDirectory(), sampleTree);

    const first = await entriesOf(source, 'announce');
    const ref = await store.putTree(first.entries, owner);
    expect(first.opened.length).toBe(5);
    expect(first.stored.sort()).toEqual(first.opened.sort());
    expect(ref.digest).toBe((await store.putDirectory(source, owner)).digest);

    const second = await entriesOf(source, 'announce');
    expect((await store.putTree(second.entries, owner)).digest).toBe(ref.digest);
    expect(second.opened).toEqual([]);

    // Retention removes every blob: announced content is read again, and the artifact is whole.
    await store.sweep({ olderThan: Date.now() + 1, keep: new Set() });
    const third = await entriesOf(source, 'announce');
    const again = await store.putTree(third.entries, owner);
    expect(third.opened.length).toBe(5);
    const checkout = await store.checkout(again, join(temporaryDirectory(), 'out'), 'read-only');
    expect(contentOf(checkout.directory)).toEqual(contentOf(source));
    await checkout.release();
  });

  it('refuses content that is not what was announced, and records no artifact', async () => {
    const root = join(temporaryDirectory('put-tree'), 'artifacts');
    const store = await openFilesystemArtifactStore({ root, overlay: 'off' });
    const { entries } = await entriesOf(writeTree(temporaryDirectory(), sampleTree), 'wrong');
    await expect(store.putTree(entries, owner)).rejects.toThrow(/was announced as sha256/);
    expect(readdirSync(join(root, 'refs'))).toEqual([]);
  });
});

describe('putTree on the S3 store', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3(['artifacts']);
  });
  afterAll(async () => {
    await s3.close();
  });

  it('stores the zip putDirectory stores, with the same digest', async () => {
    const store = new S3ArtifactStore(createS3Client(s3.settings), s3.settings.bucket, temporaryDirectory('s3-scratch'));
    const source = writeTree(temporaryDirectory(), sampleTree);
    const { entries } = await entriesOf(source, 'none');
    const ref = await store.putTree(entries, owner);
    expect(ref.digest).toBe((await store.putDirectory(source, owner)).digest);
    const checkout = await store.checkout(ref, join(temporaryDirectory(), 'out'), 'writable');
    expect(contentOf(checkout.directory)).toEqual(contentOf(source));
    await checkout.release();
  });
});
