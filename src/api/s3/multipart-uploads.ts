import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StoredHeaders } from './object-headers.js';
import { s3Error, S3Refusal } from './s3-error.js';

/** A multipart upload as CreateMultipartUpload started it. */
export interface Upload extends StoredHeaders {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: number;
}

export interface Part {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: number;
}

/** S3's limits on parts (Amazon S3 User Guide, "Amazon S3 multipart upload limits"). */
export const partLimits = { minNumber: 1, maxNumber: 10_000, minSize: 5 * 1024 * 1024 } as const;

/**
 * Multipart uploads in progress, on disk under `<data-dir>/s3-uploads/<upload id>/`: `upload.json`,
 * and each part as `<n>.part` with its `<n>.json` (ETag, size). Parts stream to disk as they arrive and
 * never sit in memory; an upload's folder is its only state and goes when the upload is completed or
 * aborted. It is outside `work/` (emptied at start) because S3 uploads outlive a restart.
 */
export class MultipartUploads {
  constructor(private readonly root: string) {}

  async create(upload: Omit<Upload, 'uploadId'>): Promise<Upload> {
    const uploadId = randomBytes(24).toString('base64url');
    const created = { ...upload, uploadId };
    await mkdir(this.folder(uploadId), { recursive: true });
    await writeFile(join(this.folder(uploadId), 'upload.json'), JSON.stringify(created));
    return created;
  }

  /** The upload with this id for this bucket and key; NoSuchUpload otherwise. */
  async get(uploadId: string, bucket: string, key: string): Promise<Upload> {
    const noSuchUpload = new S3Refusal(s3Error('NoSuchUpload', undefined, { UploadId: uploadId }));
    if (!/^[A-Za-z0-9_-]{32}$/.test(uploadId)) throw noSuchUpload;
    let upload: Upload;
    try {
      upload = JSON.parse(await readFile(join(this.folder(uploadId), 'upload.json'), 'utf8')) as Upload;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw noSuchUpload;
      throw error;
    }
    if (upload.bucket !== bucket || upload.key !== key) throw noSuchUpload;
    return upload;
  }

  /** Streams a part to disk (replacing an earlier part of the same number once it is whole). */
  async putPart(upload: Upload, partNumber: number, body: Readable, md5Hex: () => string): Promise<Part> {
    const folder = this.folder(upload.uploadId);
    const staged = join(folder, `${partNumber}.${randomUUID()}.staged`);
    try {
      const counting = new PassThrough();
      let size = 0;
      counting.on('data', (chunk: Buffer) => (size += chunk.length));
      await pipeline(body, counting, createWriteStream(staged, { flags: 'wx' }));
      const part: Part = { partNumber, etag: `"${md5Hex()}"`, size, lastModified: Date.now() };
      await rename(staged, join(folder, `${partNumber}.part`));
      await writeFile(join(folder, `${partNumber}.json`), JSON.stringify(part));
      return part;
    } finally {
      await rm(staged, { force: true });
    }
  }

  async parts(upload: Upload): Promise<Part[]> {
    const folder = this.folder(upload.uploadId);
    const names = (await readdir(folder)).filter((name) => /^\d+\.json$/.test(name));
    const parts = await Promise.all(names.map(async (name) => JSON.parse(await readFile(join(folder, name), 'utf8')) as Part));
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  /**
   * Checks the part list a CompleteMultipartUpload names (S3 API reference, CompleteMultipartUpload
   * "Special errors"): ascending part numbers, parts that exist with the ETags given, each but the last
   * at least 5 MiB. Returns the body that joins them and S3's ETag for the whole, `md5(md5s)-N`.
   */
  async assemble(upload: Upload, listed: readonly { partNumber: number; etag: string }[]): Promise<{ body: Readable; etag: string }> {
    if (listed.length === 0) throw new S3Refusal(s3Error('MalformedXML'));
    for (let index = 1; index < listed.length; index += 1) {
      if ((listed[index]?.partNumber ?? 0) <= (listed[index - 1]?.partNumber ?? 0)) throw new S3Refusal(s3Error('InvalidPartOrder'));
    }
    const stored = new Map((await this.parts(upload)).map((part) => [part.partNumber, part]));
    const chosen = listed.map((wanted) => {
      const part = stored.get(wanted.partNumber);
      if (part === undefined || unquote(part.etag) !== unquote(wanted.etag)) throw new S3Refusal(s3Error('InvalidPart', undefined, { UploadId: upload.uploadId, PartNumber: String(wanted.partNumber) }));
      return part;
    });
    chosen.slice(0, -1).forEach((part) => {
      if (part.size < partLimits.minSize) throw new S3Refusal(s3Error('EntityTooSmall', undefined, { ProposedSize: String(part.size), MinSizeAllowed: String(partLimits.minSize), PartNumber: String(part.partNumber) }));
    });
    const md5s = createHash('md5');
    for (const part of chosen) md5s.update(Buffer.from(unquote(part.etag), 'hex'));
    const folder = this.folder(upload.uploadId);
    const joined = async function* () {
      for (const part of chosen) yield* createReadStream(join(folder, `${part.partNumber}.part`)) as AsyncIterable<Buffer>;
    };
    const body = new PassThrough();
    pipeline(joined, body).catch((error: unknown) => body.destroy(error as Error));
    return { body, etag: `"${md5s.digest('hex')}-${chosen.length}"` };
  }

  /** Removes an upload and its parts (after it is completed, or when it is aborted). */
  async remove(uploadId: string): Promise<void> {
    await rm(this.folder(uploadId), { recursive: true, force: true });
  }

  private folder(uploadId: string): string {
    return join(this.root, uploadId);
  }
}

function unquote(etag: string): string {
  return etag.trim().replace(/^"|"$/g, '');
}
