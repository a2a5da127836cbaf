import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../src/core/contracts/object-store.js';
import { createS3Client, FilesystemObjectStore, S3ObjectStore } from '../../src/artifacts/index.js';
import { startTestS3, type TestS3 } from './kit/s3-server.js';
import { removeTemporaryDirectories, temporaryDirectory } from './kit/trees.js';

/** What S3's API at /s3 asks of both object stores: buckets, byte ranges, a given ETag (multipart). */
let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3(['existing']);
});
afterAll(async () => {
  removeTemporaryDirectories();
  await s3.close();
});

async function text(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const stores: [string, () => Promise<ObjectStore>][] = [
  [
    'filesystem',
    async () => {
      const store = new FilesystemObjectStore(temporaryDirectory('buckets'));
      await store.createBucket('existing');
      return store;
    },
  ],
  ['s3rver', () => Promise.resolve(new S3ObjectStore(createS3Client(s3.settings), temporaryDirectory('scratch')))],
];

describe.each(stores)('%s object store: buckets and ranges', (_name, open) => {
  it('creates a bucket once, reports it, and lists it', async () => {
    const store = await open();
    expect(await store.bucketExists('fresh-bucket')).toBe(false);
    expect(await store.createBucket('fresh-bucket')).toBe(true);
    expect(await store.bucketExists('fresh-bucket')).toBe(true);
    const names = (await store.listBuckets()).map((bucket) => bucket.name);
    expect(names).toEqual(expect.arrayContaining(['existing', 'fresh-bucket']));
    expect(names).not.toContain('.meta');
  });

  it('deletes a bucket only once it is empty (S3 DeleteBucket), and a bucket made again under its name starts empty', async () => {
    const store = await open();
    await store.createBucket('short-lived');
    await store.putObject({ bucket: 'short-lived', key: 'a/b.txt', body: 'b' });
    await store.putObject({ bucket: 'short-lived', key: 'a/b.txt', body: 'b again' });
    expect(await store.deleteBucket('short-lived')).toBe('not-empty');
    expect(await store.bucketExists('short-lived')).toBe(true);
    await store.deleteObject('short-lived', 'a/b.txt');
    expect(await store.deleteBucket('short-lived')).toBe('deleted');
    expect(await store.bucketExists('short-lived')).toBe(false);
    expect(await store.deleteBucket('short-lived')).toBe('missing');
    expect(await store.createBucket('short-lived')).toBe(true);
    expect(await store.listKeys('short-lived')).toEqual([]);
  });

  it('reads a byte range and reports the whole size', async () => {
    const store = await open();
    await store.putObject({ bucket: 'existing', key: 'ranges/alphabet.txt', body: 'abcdefghijklmnopqrstuvwxyz' });
    const got = await store.getObject('existing', 'ranges/alphabet.txt', undefined, { start: 3, end: 6 });
    expect(await text(got!.body)).toBe('defg');
    expect(got!.version.size).toBe(26);
  });
});

describe('filesystem object store: a given ETag', () => {
  it('records the ETag the writer gives (a multipart upload) instead of the md5', async () => {
    const store = new FilesystemObjectStore(temporaryDirectory('buckets'));
    await store.createBucket('parts');
    const stored = await store.putObject({ bucket: 'parts', key: 'joined.bin', body: Readable.from([Buffer.from('ab'), Buffer.from('cd')]), etag: '"0123456789abcdef0123456789abcdef-2"' });
    expect(stored.etag).toBe('"0123456789abcdef0123456789abcdef-2"');
    expect((await store.headObject('parts', 'joined.bin'))?.etag).toBe(stored.etag);
  });
});
