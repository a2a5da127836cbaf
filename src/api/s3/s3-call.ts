import type { Readable } from 'node:stream';
import type { ObjectStore } from '../../core/contracts/object-store.js';
import type { MultipartUploads } from './multipart-uploads.js';
import { s3Error, S3Refusal } from './s3-error.js';
import type { S3Operation } from './s3-operations.js';

export type Headers = Record<string, string | string[] | undefined>;

/** One S3 request as the handlers see it: no HTTP framework, only what S3's operations read. */
export interface S3Call {
  operation: S3Operation;
  headers: Headers;
  query: URLSearchParams;
  /** The payload, aws-chunked decoding done; checked against Content-MD5 and a hex x-amz-content-sha256 as it streams. */
  body(): { stream: Readable; md5Hex: () => string };
  /** Whether the caller may do `action` on `resource` (for checks the gate cannot make: DeleteObjects' keys). */
  allowed(action: string, resource: string): Promise<boolean>;
  objects: ObjectStore;
  uploads: MultipartUploads;
  region: string;
  /** The request's log line (an artifact upload says which job and artifact it was). */
  log(fields: Record<string, unknown>, message: string): void;
  /** The bucket owner S3 names in listings: the account. */
  owner: { id: string; displayName: string };
}

/** What a handler answers: the route sends it as it is. */
export interface S3Answer {
  status: number;
  headers?: Record<string, string | number>;
  body?: string | Readable;
}

export function xmlAnswer(body: string, status = 200, headers: Record<string, string | number> = {}): S3Answer {
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body };
}

/** NoSuchBucket unless the bucket exists. */
export async function requireBucket(call: S3Call, bucket: string): Promise<void> {
  if (!(await call.objects.bucketExists(bucket))) throw new S3Refusal(s3Error('NoSuchBucket', undefined, { BucketName: bucket }));
}

/** Reads a small XML request body whole (DeleteObjects, CompleteMultipartUpload), refusing one larger than S3 takes. */
export async function smallBody(call: S3Call, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of call.body().stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new S3Refusal(s3Error('MalformedXML'));
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
