import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ByteRange, ObjectStore, ObjectVersion } from '../../core/contracts/object-store.js';
import { chunkBytesFor } from '../tree/hash-file.js';
import { mapLimit } from '../tree/map-limit.js';
import { scanDirectory } from '../tree/scan-directory.js';
import { isMissing } from './s3-settings.js';

/**
 * Buckets on an S3-compatible server. Versions come from the bucket's versioning. A bucket that does
 * not version (S3 then reports the version "null"; s3rver reports none) still gets revisions: the
 * version id is derived from the ETag (`etag-<md5>`), so a new content is a new revision, and asking
 * for an older one answers "no such version" instead of silently returning the newer content.
 */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    /** Where a streamed body is spooled to learn its length (S3 needs Content-Length up front). */
    private readonly scratch: string,
  ) {}

  async putObject(input: {
    bucket: string;
    key: string;
    body: Readable | Buffer | string;
    metadata?: Record<string, string>;
    cacheControl?: string;
    contentType?: string;
    /** S3 computes its own ETag: a given one is not kept. */
    etag?: string;
  }): Promise<ObjectVersion> {
    let spooled: string | undefined;
    try {
      let body: Buffer | Readable;
      let size: number;
      if (typeof input.body === 'string' || Buffer.isBuffer(input.body)) {
        body = Buffer.from(input.body);
        size = body.length;
      } else {
        await mkdir(this.scratch, { recursive: true });
        spooled = join(this.scratch, randomUUID());
        const output = createWriteStream(spooled);
        await pipeline(input.body, output);
        size = output.bytesWritten;
        body = createReadStream(spooled);
      }
      const answer = await this.client.send(
        new PutObjectCommand({
          Bucket: input.bucket,
          Key: input.key,
          Body: body,
          ContentLength: size,
          Metadata: input.metadata,
          CacheControl: input.cacheControl,
          ContentType: input.contentType,
        }),
      );
      const etag = answer.ETag ?? '';
      return {
        bucket: input.bucket,
        key: input.key,
        versionId: versionIdOf(answer.VersionId, etag),
        etag,
        size,
        lastModified: Date.now(),
        metadata: { ...input.metadata },
        ...(input.cacheControl !== undefined ? { cacheControl: input.cacheControl } : {}),
        ...(input.contentType !== undefined ? { contentType: input.contentType } : {}),
      };
    } finally {
      if (spooled !== undefined) await rm(spooled, { force: true });
    }
  }

  async headObject(bucket: string, key: string, versionId?: string): Promise<ObjectVersion | undefined> {
    try {
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: realVersionId(versionId) }));
      const version = toVersion(bucket, key, answer);
      return versionId === undefined || version.versionId === versionId ? version : undefined;
    } catch (error) {
      if (isMissing(error) || isBadVersion(error, versionId)) return undefined;
      throw error;
    }
  }

  async getObject(bucket: string, key: string, versionId?: string, range?: ByteRange): Promise<{ version: ObjectVersion; body: Readable } | undefined> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: realVersionId(versionId), ...(range !== undefined ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      const body = answer.Body as Readable;
      // A ranged answer's length is the range's; the object's size is after the slash of Content-Range.
      const total = /\/(\d+)$/.exec(answer.ContentRange ?? '')?.[1];
      const version = toVersion(bucket, key, total !== undefined ? { ...answer, ContentLength: Number(total) } : answer);
      // An ETag-derived version names one content: any other content is not that version.
      if (versionId !== undefined && version.versionId !== versionId) {
        body.destroy();
        return undefined;
      }
      return { version, body };
    } catch (error) {
      if (isMissing(error) || isBadVersion(error, versionId)) return undefined;
      throw error;
    }
  }

  listKeys(bucket: string, prefix = ''): Promise<string[]> {
    return listKeys(this.client, bucket, prefix);
  }

  /** Keys under the prefix, each with its metadata (one HEAD per key: listings do not carry metadata). */
  async listObjects(bucket: string, prefix = ''): Promise<ObjectVersion[]> {
    const keys = await listKeys(this.client, bucket, prefix);
    const versions = await mapLimit(keys, 8, (key) => this.headObject(bucket, key));
    return versions.filter((version): version is ObjectVersion => version !== undefined);
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }

  async listBuckets(): Promise<{ name: string; created: number }[]> {
    const answer = await this.client.send(new ListBucketsCommand({}));
    return (answer.Buckets ?? []).map((bucket) => ({ name: bucket.Name ?? '', created: bucket.CreationDate?.getTime() ?? 0 }));
  }

  async bucketExists(bucket: string): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async createBucket(bucket: string): Promise<boolean> {
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: bucket }));
      return true;
    } catch (error) {
      if (typeof error === 'object' && error !== null && (error as { name?: string }).name === 'BucketAlreadyOwnedByYou') return false;
      throw error;
    }
  }

  async deleteBucket(bucket: string): Promise<'deleted' | 'not-empty' | 'missing'> {
    try {
      await this.client.send(new DeleteBucketCommand({ Bucket: bucket }));
      return 'deleted';
    } catch (error) {
      if (typeof error === 'object' && error !== null && (error as { name?: string }).name === 'BucketNotEmpty') return 'not-empty';
      if (isMissing(error) || (typeof error === 'object' && error !== null && (error as { name?: string }).name === 'NoSuchBucket')) return 'missing';
      throw error;
    }
  }

  /**
   * Uploads every file, then deletes the keys that the new set does not have. S3 cannot switch many
   * objects at once: while this runs, a reader may see some new objects beside old ones, as with
   * CodePipeline's own S3 deploy action. Only the filesystem store is atomic for readers.
   */
  async replacePrefix(input: { bucket: string; prefix: string; directory: string; metadata?: Record<string, string>; cacheControl?: string }): Promise<void> {
    const prefix = input.prefix === '' || input.prefix.endsWith('/') ? input.prefix : `${input.prefix}/`;
    const before = await listKeys(this.client, input.bucket, prefix);
    const files = (await scanDirectory(input.directory)).filter((entry) => entry.type === 'file');
    const written = new Set<string>();
    await mapLimit(files, 4, async (file) => {
      const key = `${prefix}${file.path}`;
      await this.client.send(
        new PutObjectCommand({
          Bucket: input.bucket,
          Key: key,
          Body: createReadStream(file.source, { highWaterMark: chunkBytesFor(file.size) }),
          ContentLength: file.size,
          Metadata: input.metadata,
          CacheControl: input.cacheControl,
        }),
      );
      written.add(key);
    });
    await mapLimit(
      before.filter((key) => !written.has(key)),
      8,
      (key) => this.deleteObject(input.bucket, key),
    );
  }
}

export async function listKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix === '' ? undefined : prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys.sort();
}

const etagVersionPrefix = 'etag-';

function versionIdOf(versionId: string | undefined, etag: string): string {
  if (versionId !== undefined && versionId !== '' && versionId !== 'null') return versionId;
  return `${etagVersionPrefix}${etag.replace(/"/g, '')}`;
}

/** An ETag-derived version id is ours: S3 is asked for the latest and the ETag compared. */
function realVersionId(versionId: string | undefined): string | undefined {
  return versionId === undefined || versionId.startsWith(etagVersionPrefix) ? undefined : versionId;
}

function isBadVersion(error: unknown, versionId: string | undefined): boolean {
  return versionId !== undefined && typeof error === 'object' && error !== null && (error as { name?: string }).name === 'InvalidArgument';
}

function toVersion(
  bucket: string,
  key: string,
  answer: { VersionId?: string; ETag?: string; ContentLength?: number; LastModified?: Date; Metadata?: Record<string, string>; CacheControl?: string; ContentType?: string },
): ObjectVersion {
  const etag = answer.ETag ?? '';
  return {
    bucket,
    key,
    versionId: versionIdOf(answer.VersionId, etag),
    etag,
    size: answer.ContentLength ?? 0,
    lastModified: answer.LastModified?.getTime() ?? 0,
    metadata: answer.Metadata ?? {},
    ...(answer.CacheControl !== undefined ? { cacheControl: answer.CacheControl } : {}),
    ...(answer.ContentType !== undefined ? { contentType: answer.ContentType } : {}),
  };
}
