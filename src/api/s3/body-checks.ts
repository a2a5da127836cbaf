import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { s3Error, S3Refusal } from './s3-error.js';

type Headers = Record<string, string | string[] | undefined>;

/**
 * Checks a body against what its request declared, as it streams: `Content-MD5` (base64 md5, S3 answers
 * BadDigest when it differs, InvalidDigest when it is not an md5) and a hex `x-amz-content-sha256`
 * (XAmzContentSHA256Mismatch). The check fails the stream at its end, before the object store commits
 * anything, so a refused upload changes nothing. Also counts the bytes and keeps the md5 (the ETag).
 */
export class BodyChecks extends Transform {
  private readonly md5 = createHash('md5');
  private readonly sha256: Hash | undefined;
  private readonly expectedMd5: string | undefined;
  private readonly expectedSha256: string | undefined;
  bytes = 0;
  private digest: string | undefined;

  constructor(headers: Headers) {
    super();
    const contentMd5 = single(headers['content-md5']);
    if (contentMd5 !== undefined) {
      const raw = Buffer.from(contentMd5, 'base64');
      if (raw.length !== 16 || raw.toString('base64') !== contentMd5.trim()) throw new S3Refusal(s3Error('InvalidDigest'));
      this.expectedMd5 = raw.toString('hex');
    }
    const payloadHash = single(headers['x-amz-content-sha256']);
    if (payloadHash !== undefined && /^[0-9a-f]{64}$/.test(payloadHash)) {
      this.expectedSha256 = payloadHash;
      this.sha256 = createHash('sha256');
    }
  }

  /** The body's md5, hex (once the stream has ended). */
  get md5Hex(): string {
    return this.digest ?? '';
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.md5.update(chunk);
    this.sha256?.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.digest = this.md5.digest('hex');
    if (this.expectedMd5 !== undefined && this.expectedMd5 !== this.digest) {
      callback(new S3Refusal(s3Error('BadDigest', undefined, { ExpectedDigest: this.expectedMd5, CalculatedDigest: this.digest })));
      return;
    }
    if (this.sha256 !== undefined && this.sha256.digest('hex') !== this.expectedSha256) {
      callback(new S3Refusal(s3Error('XAmzContentSHA256Mismatch', undefined, { ClientComputedContentSHA256: this.expectedSha256 ?? '' })));
      return;
    }
    callback();
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
