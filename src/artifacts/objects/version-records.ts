import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectVersion } from '../../core/contracts/object-store.js';
import { hashFile } from '../tree/hash-file.js';
import { keyMetaPath, objectPath, type BucketsLayout } from './bucket-paths.js';

/**
 * The file a version was when it was recorded: inode, size and modification time. When the file at
 * `<B>/<K>` no longer matches the latest version's fingerprint, somebody changed it by hand (copied a
 * new zip into the bucket folder): that change becomes a new version, so an S3 source sees a revision.
 */
export interface Fingerprint {
  ino: string;
  size: string;
  mtimeNs: string;
}

export interface VersionRecord extends ObjectVersion {
  fingerprint: Fingerprint;
}

interface Head {
  /** null once the object is deleted (its versions stay readable by id, as with S3's delete markers). */
  versionId: string | null;
}

/** S3's version ids are opaque strings of about 32 URL-safe characters; so are ours. */
export function newVersionId(): string {
  return randomBytes(24).toString('base64url');
}

export async function fingerprintOf(path: string): Promise<Fingerprint | undefined> {
  try {
    const stats = await stat(path, { bigint: true });
    if (!stats.isFile()) return undefined;
    return { ino: stats.ino.toString(), size: stats.size.toString(), mtimeNs: stats.mtimeNs.toString() };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
}

export class VersionRecords {
  constructor(private readonly layout: BucketsLayout) {}

  versionDataPath(bucket: string, key: string, versionId: string): string {
    return join(keyMetaPath(this.layout, bucket, key), `${versionId}.data`);
  }

  async read(bucket: string, key: string, versionId: string): Promise<VersionRecord | undefined> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(versionId)) return undefined;
    return readJson<VersionRecord>(join(keyMetaPath(this.layout, bucket, key), `${versionId}.json`));
  }

  async write(record: VersionRecord): Promise<void> {
    await this.writeMeta(record.bucket, record.key, `${record.versionId}.json`, JSON.stringify(record));
  }

  async setHead(bucket: string, key: string, versionId: string | null): Promise<void> {
    await this.writeMeta(bucket, key, 'head.json', JSON.stringify({ versionId } satisfies Head));
  }

  async remove(bucket: string, key: string, versionId: string): Promise<void> {
    await rm(join(keyMetaPath(this.layout, bucket, key), `${versionId}.json`), { force: true });
  }

  /**
   * The latest version of a key as it is on disk now. When the file is not what the head records, the
   * change is adopted: as the version a put was recording when the process stopped (same fingerprint),
   * or else as a new version made by hand, without metadata. A latest version whose content was
   * overwritten in place is forgotten: its content exists no more.
   */
  async current(bucket: string, key: string): Promise<VersionRecord | undefined> {
    const file = objectPath(this.layout, bucket, key);
    const fingerprint = await fingerprintOf(file);
    const head = await readJson<Head>(join(keyMetaPath(this.layout, bucket, key), 'head.json'));
    const headRecord = head?.versionId != null ? await this.read(bucket, key, head.versionId) : undefined;
    if (fingerprint === undefined) {
      if (headRecord !== undefined) await this.retire(headRecord);
      return undefined;
    }
    if (headRecord !== undefined && sameFingerprint(headRecord.fingerprint, fingerprint)) return headRecord;
    if (headRecord !== undefined) await this.retire(headRecord);
    const adopted = (await this.list(bucket, key)).find((record) => sameFingerprint(record.fingerprint, fingerprint));
    const record = adopted ?? (await this.recordHandMade(bucket, key, file, fingerprint));
    await this.setHead(bucket, key, record.versionId);
    return record;
  }

  async list(bucket: string, key: string): Promise<VersionRecord[]> {
    const dir = keyMetaPath(this.layout, bucket, key);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: VersionRecord[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || name === 'head.json') continue;
      const record = await readJson<VersionRecord>(join(dir, name));
      if (record !== undefined) records.push(record);
    }
    return records;
  }

  /** A former latest version keeps its record only if its content was kept aside (`.data`). */
  private async retire(record: VersionRecord): Promise<void> {
    if ((await fingerprintOf(this.versionDataPath(record.bucket, record.key, record.versionId))) === undefined) {
      await this.remove(record.bucket, record.key, record.versionId);
    }
  }

  private async recordHandMade(bucket: string, key: string, file: string, fingerprint: Fingerprint): Promise<VersionRecord> {
    const { digests, bytes } = await hashFile(file, ['md5']);
    const after = await fingerprintOf(file);
    const record: VersionRecord = {
      bucket,
      key,
      versionId: newVersionId(),
      etag: `"${digests.md5}"`,
      size: bytes,
      lastModified: Math.floor(Number(BigInt(fingerprint.mtimeNs) / 1_000_000n)),
      metadata: {},
      fingerprint: after ?? fingerprint,
    };
    await this.write(record);
    return record;
  }

  private async writeMeta(bucket: string, key: string, name: string, content: string): Promise<void> {
    const dir = keyMetaPath(this.layout, bucket, key);
    await mkdir(dir, { recursive: true });
    await mkdir(this.layout.staging, { recursive: true });
    const staged = join(this.layout.staging, randomUUID());
    await writeFile(staged, content);
    await rename(staged, join(dir, name));
  }
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The public shape of a record (without the fingerprint, which is ours). */
export function versionOf(record: VersionRecord): ObjectVersion {
  const { fingerprint: _fingerprint, ...version } = record;
  return version;
}
