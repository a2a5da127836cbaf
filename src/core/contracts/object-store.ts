import type { Readable } from 'node:stream';

/**
 * Buckets of objects with versions, the way S3 source and S3 deploy actions see them. The default
 * filesystem object store keeps bucket `B`, key `K` as the file `<data-dir>/buckets/B/K` (the latest
 * version; older versions are kept beside it); an S3-compatible endpoint replaces it when configured.
 */
export interface ObjectStore {
  putObject(input: {
    bucket: string;
    key: string;
    body: Readable | Buffer | string;
    metadata?: Record<string, string>;
    cacheControl?: string;
    contentType?: string;
    /** The ETag to record when the writer knows better than the content's md5 (a multipart upload's `md5-of-md5s-N`). */
    etag?: string;
  }): Promise<ObjectVersion>;
  /** The latest version, or the named one. Undefined when there is no such object or version. */
  headObject(bucket: string, key: string, versionId?: string): Promise<ObjectVersion | undefined>;
  /** With `range`, the body holds bytes `start`..`end` (inclusive, within the object) only. */
  getObject(bucket: string, key: string, versionId?: string, range?: ByteRange): Promise<{ version: ObjectVersion; body: Readable } | undefined>;
  /** Keys under `prefix`, sorted, without their metadata (cheaper than listObjects: a listing pages these). */
  listKeys(bucket: string, prefix?: string): Promise<string[]>;
  /** Keys under `prefix`, sorted. */
  listObjects(bucket: string, prefix?: string): Promise<ObjectVersion[]>;
  deleteObject(bucket: string, key: string): Promise<void>;
  /** The buckets there are, by name, with when each was created (S3's ListBuckets). */
  listBuckets(): Promise<{ name: string; created: number }[]>;
  bucketExists(bucket: string): Promise<boolean>;
  /** Makes an empty bucket; false when it existed already. */
  createBucket(bucket: string): Promise<boolean>;
  /** Deletes a bucket that holds no object (S3's DeleteBucket); a bucket with objects is left as it is. */
  deleteBucket(bucket: string): Promise<'deleted' | 'not-empty' | 'missing'>;
  /**
   * Replaces every object under `prefix` with the files of `directory` so that a reader sees either the
   * old set or the new one, never half of each (S3 deploy with Extract=true).
   */
  replacePrefix(input: { bucket: string; prefix: string; directory: string; metadata?: Record<string, string>; cacheControl?: string }): Promise<void>;
}

export interface ObjectVersion {
  bucket: string;
  key: string;
  versionId: string;
  etag: string;
  size: number;
  lastModified: number;
  metadata: Record<string, string>;
  cacheControl?: string;
  contentType?: string;
}

/** Bytes `start` to `end` of an object, both included (HTTP's Range). */
export interface ByteRange {
  start: number;
  end: number;
}
