import { S3Client } from '@aws-sdk/client-s3';

/** An S3-compatible endpoint (AWS S3, MinIO, Ceph, s3rver…) and the bucket Pipewright keeps artifacts in. */
export interface S3Settings {
  /** `http://127.0.0.1:9000`; AWS's own endpoint for the region when omitted. */
  endpoint?: string;
  bucket: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Path-style URLs (`endpoint/bucket/key`), what most self-hosted servers need; true unless said otherwise. */
  forcePathStyle?: boolean;
}

export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region ?? 'us-east-1',
    forcePathStyle: settings.forcePathStyle ?? true,
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
    // The SDK's default checksums send streamed bodies in aws-chunked encoding with a trailing checksum,
    // which many S3-compatible servers do not understand: send checksums only where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** S3 answers "no such object / version" in several ways depending on the call and the server. */
export function isMissing(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchVersion' || $metadata?.httpStatusCode === 404;
}
