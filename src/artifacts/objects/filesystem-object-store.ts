import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteRange, ObjectStore, ObjectVersion } from '../../core/contracts/object-store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { ReadWriteLock } from '../filesystem/read-write-lock.js';
import { chunkBytesFor } from '../tree/hash-file.js';
import { mapLimit } from '../tree/map-limit.js';
import { HashingStream } from '../tree/hashing-stream.js';
import { bucketPath, bucketsLayout, checkBucket, isBucketName, checkKey, checkPrefix, objectPath, type BucketsLayout } from './bucket-paths.js';
import { KeyedMutex } from './keyed-mutex.js';
import { stageGeneration, switchGeneration } from './replace-prefix.js';
import { fingerprintOf, newVersionId, sameFingerprint, VersionRecords, versionOf, type VersionRecord } from './version-records.js';
import { walkBucket } from './walk-bucket.js';

/**
 * The default object store: bucket `B`, key `K` is the file `<data-dir>/buckets/B/K`, always the
 * latest version, so a person (or a static file server) can read a bucket as a folder, and can drop a
 * file into one to publish a new version. Every put records a version (S3's version id is an S3
 * source's revision); the content of older versions is kept beside, under `.meta` (bucket-paths.ts).
 *
 * A put writes the new content to staging while hashing it (md5, for the ETag), keeps the current
 * content aside by hard link, and renames the new file into place: readers see the old file or the new
 * one, never a partial one, and no byte is copied to keep the old version.
 */
export class FilesystemObjectStore implements ObjectStore {
  private readonly layout: BucketsLayout;
  private readonly records: VersionRecords;
  private readonly keys = new KeyedMutex();
  private readonly buckets = new Map<string, ReadWriteLock>();

  constructor(root: string) {
    this.layout = bucketsLayout(root);
    this.records = new VersionRecords(this.layout);
  }

  async putObject(input: {
    bucket: string;
    key: string;
    body: Readable | Buffer | string;
    metadata?: Record<string, string>;
    cacheControl?: string;
    contentType?: string;
    etag?: string;
  }): Promise<ObjectVersion> {
    const bucket = checkBucket(input.bucket);
    const key = checkKey(bucket, input.key);
    await mkdir(this.layout.staging, { recursive: true });
    const staged = join(this.layout.staging, randomUUID());
    const hashing = new HashingStream(['md5']);
    try {
      const body = typeof input.body === 'string' || Buffer.isBuffer(input.body) ? Readable.from([Buffer.from(input.body)]) : input.body;
      await pipeline(body, hashing, createWriteStream(staged, { flags: 'wx' }));
      const fingerprint = await fingerprintOf(staged);
      if (fingerprint === undefined) throw new Error(`The staged object ${staged} disappeared.`);
      const record: VersionRecord = {
        bucket,
        key,
        versionId: newVersionId(),
        etag: input.etag ?? `"${hashing.digest('md5')}"`,
        size: hashing.bytes,
        lastModified: Date.now(),
        metadata: { ...input.metadata },
        ...(input.cacheControl !== undefined ? { cacheControl: input.cacheControl } : {}),
        ...(input.contentType !== undefined ? { contentType: input.contentType } : {}),
        fingerprint,
      };
      await this.writing(bucket, key, async () => {
        const file = objectPath(this.layout, bucket, key);
        const previous = await this.records.current(bucket, key);
        await mkdirForKey(file, bucket, key);
        if (previous !== undefined) await this.keepAside(previous);
        await this.records.write(record);
        await renameIntoPlace(staged, file, bucket, key);
        await this.records.setHead(bucket, key, record.versionId);
      });
      return versionOf(record);
    } finally {
      await rm(staged, { force: true });
    }
  }

  async headObject(bucket: string, key: string, versionId?: string): Promise<ObjectVersion | undefined> {
    const found = await this.find(bucket, key, versionId);
    return found === undefined ? undefined : versionOf(found.record);
  }

  async getObject(bucket: string, key: string, versionId?: string, range?: ByteRange): Promise<{ version: ObjectVersion; body: Readable } | undefined> {
    const found = await this.find(bucket, key, versionId);
    if (found === undefined) return undefined;
    // Open, then check that what was opened is still the version found: a put may have replaced it meanwhile.
    let handle;
    try {
      handle = await open(found.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const stats = await handle.stat({ bigint: true });
    const opened = { ino: stats.ino.toString(), size: stats.size.toString(), mtimeNs: stats.mtimeNs.toString() };
    if (found.latest && !sameFingerprint(opened, found.record.fingerprint)) {
      await handle.close();
      return this.getObject(bucket, key, versionId, range);
    }
    return { version: versionOf(found.record), body: handle.createReadStream({ highWaterMark: chunkBytesFor(found.record.size), ...range }) };
  }

  async listKeys(bucket: string, prefix = ''): Promise<string[]> {
    checkBucket(bucket);
    return this.bucketLock(bucket).shared(() => walkBucket(bucketPath(this.layout, bucket), this.layout.root, prefix));
  }

  async listObjects(bucket: string, prefix = ''): Promise<ObjectVersion[]> {
    const keys = await this.listKeys(bucket, prefix);
    const versions: ObjectVersion[] = [];
    for (const key of keys) {
      const version = await this.headObject(bucket, key);
      if (version !== undefined) versions.push(version);
    }
    return versions;
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    checkBucket(bucket);
    checkKey(bucket, key);
    await this.writing(bucket, key, async () => {
      const current = await this.records.current(bucket, key);
      if (current === undefined) return;
      // Like a delete marker in a versioned S3 bucket: the key is gone, its versions stay readable by id.
      await this.keepAside(current);
      await rm(objectPath(this.layout, bucket, key), { force: true });
      await this.records.setHead(bucket, key, null);
      await removeEmptyParents(objectPath(this.layout, bucket, key), bucketPath(this.layout, bucket));
    });
  }

  async listBuckets(): Promise<{ name: string; created: number }[]> {
    let names: string[];
    try {
      names = await readdir(this.layout.root);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const buckets: { name: string; created: number }[] = [];
    // `.meta` and anything else that is not a valid bucket name is not a bucket.
    for (const name of names.filter(isBucketName).sort()) {
      const stats = await stat(join(this.layout.root, name)).catch(() => undefined);
      if (stats?.isDirectory() === true) buckets.push({ name, created: Math.floor(stats.birthtimeMs || stats.ctimeMs) });
    }
    return buckets;
  }

  async bucketExists(bucket: string): Promise<boolean> {
    if (!isBucketName(bucket)) return false;
    const stats = await stat(bucketPath(this.layout, bucket)).catch(() => undefined);
    return stats?.isDirectory() === true;
  }

  async createBucket(bucket: string): Promise<boolean> {
    const path = bucketPath(this.layout, checkBucket(bucket));
    await mkdir(this.layout.root, { recursive: true });
    try {
      await mkdir(path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  /**
   * Under the bucket's exclusive lock, so no write lands meanwhile. The versions kept aside of its
   * deleted and replaced objects go with it: S3's API here lists no versions, so nothing could delete
   * them first, and a bucket made again under the name starts empty.
   */
  async deleteBucket(bucket: string): Promise<'deleted' | 'not-empty' | 'missing'> {
    if (!isBucketName(bucket)) return 'missing';
    return this.bucketLock(bucket).exclusive(async () => {
      const path = bucketPath(this.layout, bucket);
      if ((await stat(path).catch(() => undefined))?.isDirectory() !== true) return 'missing';
      if ((await walkBucket(path, this.layout.root, '')).length > 0) return 'not-empty';
      await rm(path, { recursive: true, force: true });
      await rm(join(this.layout.root, '.meta', bucket), { recursive: true, force: true });
      return 'deleted';
    });
  }

  async replacePrefix(input: { bucket: string; prefix: string; directory: string; metadata?: Record<string, string>; cacheControl?: string }): Promise<void> {
    const bucket = checkBucket(input.bucket);
    const prefix = checkPrefix(bucket, input.prefix);
    const request = { ...input, bucket, prefix };
    const staged = await stageGeneration(this.layout, request);
    await this.bucketLock(bucket).exclusive(async () => {
      const keys = await walkBucket(bucketPath(this.layout, bucket), this.layout.root, prefix === '' ? '' : `${prefix}/`);
      const current = await mapLimit(keys, 8, (key) => this.records.current(bucket, key));
      const replaced = current.filter((record): record is VersionRecord => record !== undefined);
      await switchGeneration(this.layout, this.records, request, staged, replaced);
    });
  }

  /** Empties the staging folder: what is there was on its way in when the process stopped. */
  async recover(): Promise<void> {
    await rm(this.layout.staging, { recursive: true, force: true });
  }

  private async find(bucket: string, key: string, versionId?: string): Promise<{ record: VersionRecord; path: string; latest: boolean } | undefined> {
    checkBucket(bucket);
    checkKey(bucket, key);
    return this.bucketLock(bucket).shared(() =>
      this.keys.run(`${bucket}/${key}`, async () => {
        const current = await this.records.current(bucket, key);
        if (versionId === undefined || current?.versionId === versionId) {
          return current === undefined ? undefined : { record: current, path: objectPath(this.layout, bucket, key), latest: true };
        }
        const record = await this.records.read(bucket, key, versionId);
        if (record === undefined) return undefined;
        const path = this.records.versionDataPath(bucket, key, versionId);
        return (await fingerprintOf(path)) === undefined ? undefined : { record, path, latest: false };
      }),
    );
  }

  private writing(bucket: string, key: string, task: () => Promise<void>): Promise<void> {
    return this.bucketLock(bucket).shared(() => this.keys.run(`${bucket}/${key}`, task));
  }

  /** The content of a version that stops being the latest is kept by a hard link beside its record. */
  private async keepAside(version: VersionRecord): Promise<void> {
    try {
      await link(objectPath(this.layout, version.bucket, version.key), this.records.versionDataPath(version.bucket, version.key, version.versionId));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }

  private bucketLock(bucket: string): ReadWriteLock {
    let lock = this.buckets.get(bucket);
    if (lock === undefined) {
      lock = new ReadWriteLock();
      this.buckets.set(bucket, lock);
    }
    return lock;
  }
}

async function mkdirForKey(file: string, bucket: string, key: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new PipewrightError('ValidationException', `The filesystem object store cannot hold ${JSON.stringify(key)} in bucket ${bucket}: a part of its path is an object.`);
    }
    throw error;
  }
}

async function renameIntoPlace(staged: string, file: string, bucket: string, key: string): Promise<void> {
  try {
    await rename(staged, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST') {
      throw new PipewrightError('ValidationException', `The filesystem object store cannot hold ${JSON.stringify(key)} in bucket ${bucket}: other objects are stored under it as a folder.`);
    }
    throw error;
  }
}

/** Folders left empty by a delete go, up to the bucket itself, as S3 has no empty folders to show. */
async function removeEmptyParents(file: string, bucketRoot: string): Promise<void> {
  for (let dir = dirname(file); dir.startsWith(`${bucketRoot}/`); dir = dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
  }
}
