import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PipewrightError } from '../../core/errors/index.js';
import { checkRelativePath } from '../tree/relative-path.js';

/**
 * How buckets map onto `<data-dir>/buckets/`:
 *
 *   <B>/<K>                          the latest version of key K (a deployed prefix is a symlink, see replace-prefix.ts)
 *   .meta/<B>/keys/<sha256(K)>/head.json         which version is the latest, and the file it was when recorded
 *   .meta/<B>/keys/<sha256(K)>/<version>.json    one version's ETag, size, time, metadata
 *   .meta/<B>/keys/<sha256(K)>/<version>.data    the content of a version that is no longer the latest
 *   .meta/<B>/generations/<id>/      the trees that deployed prefixes point to
 *   .meta/<B>/prefixes/<sha256(P)>.json          the current and previous generation of a deployed prefix
 *   .meta/staging/                   objects on their way in
 *
 * `.meta` cannot clash with a bucket: bucket names start with a letter or a digit. Keys are hashed into
 * one file name each, whatever their length or characters.
 */
export interface BucketsLayout {
  root: string;
  staging: string;
}

export function bucketsLayout(root: string): BucketsLayout {
  return { root, staging: join(root, '.meta', 'staging') };
}

const bucketName = /^[A-Za-z0-9][A-Za-z0-9._-]{1,62}$/;

export function isBucketName(name: string): boolean {
  return bucketName.test(name) && !name.includes('..');
}

export function checkBucket(bucket: string): string {
  if (!isBucketName(bucket)) {
    throw new PipewrightError('ValidationException', `The bucket name ${JSON.stringify(bucket)} is not valid: 3 to 63 letters, digits, dots, hyphens or underscores, starting with a letter or a digit.`);
  }
  return bucket;
}

/** A key must be a relative path to be a file: no empty, `.` or `..` segment, no trailing slash. */
export function checkKey(bucket: string, key: string): string {
  if (key.endsWith('/')) {
    throw new PipewrightError('ValidationException', `The filesystem object store cannot hold the folder marker ${JSON.stringify(key)} in bucket ${bucket}: keys name files.`);
  }
  return checkRelativePath(key, `the key of an object in bucket ${bucket}`);
}

/** A prefix to replace is a folder of the bucket: `''` (the whole bucket) or a path, with or without its trailing slash. */
export function checkPrefix(bucket: string, prefix: string): string {
  if (prefix === '' || prefix === '/') return '';
  return checkRelativePath(prefix, `the prefix to replace in bucket ${bucket}`);
}

export function objectPath(layout: BucketsLayout, bucket: string, key: string): string {
  return join(layout.root, bucket, key);
}

export function bucketPath(layout: BucketsLayout, bucket: string): string {
  return join(layout.root, bucket);
}

export function bucketMetaPath(layout: BucketsLayout, bucket: string): string {
  return join(layout.root, '.meta', bucket);
}

export function keyMetaPath(layout: BucketsLayout, bucket: string, key: string): string {
  return join(bucketMetaPath(layout, bucket), 'keys', sha256Hex(key));
}

export function generationsPath(layout: BucketsLayout, bucket: string): string {
  return join(bucketMetaPath(layout, bucket), 'generations');
}

export function prefixRecordPath(layout: BucketsLayout, bucket: string, prefix: string): string {
  return join(bucketMetaPath(layout, bucket), 'prefixes', `${sha256Hex(prefix)}.json`);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
