import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { ByteRange } from '../../core/contracts/object-store.js';
import { checkNoTagging, checkObjectAcl } from './object-acl.js';
import { storedHeadersOf } from './object-headers.js';
import { partLimits } from './multipart-uploads.js';
import { requireBucket, smallBody, xmlAnswer, type S3Answer, type S3Call } from './s3-call.js';
import { s3Error, S3Refusal } from './s3-error.js';
import { copySourceOf } from './s3-operations.js';
import { parseXmlBody, xmlDocument } from './s3-xml.js';

/** CreateMultipartUpload: keeps the metadata and content type the finished object will have. */
export async function createMultipartUpload(call: S3Call): Promise<S3Answer> {
  const { bucket, key } = call.operation;
  checkObjectAcl(call.headers);
  checkNoTagging(call.headers);
  await requireBucket(call, bucket);
  const upload = await call.uploads.create({ bucket, key, initiated: Date.now(), ...storedHeadersOf(call.headers) });
  return xmlAnswer(xmlDocument('InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: upload.uploadId }));
}

/** UploadPart: part numbers 1 to 10,000; the part's ETag is its md5. */
export async function uploadPart(call: S3Call): Promise<S3Answer> {
  const { bucket, key } = call.operation;
  const partNumber = partNumberOf(call);
  const upload = await call.uploads.get(call.query.get('uploadId') ?? '', bucket, key);
  const { stream, md5Hex } = call.body();
  const part = await call.uploads.putPart(upload, partNumber, stream, md5Hex);
  return { status: 200, headers: { etag: part.etag } };
}

/**
 * UploadPartCopy (S3 API reference): a part made of the source object's bytes, all of them or those of
 * `x-amz-copy-source-range` (`bytes=first-last`, within the object), streamed from the store into the
 * part; the answer is a CopyPartResult with the part's ETag, its md5 as for any part.
 */
export async function uploadPartCopy(call: S3Call): Promise<S3Answer> {
  const { bucket, key } = call.operation;
  const partNumber = partNumberOf(call);
  const upload = await call.uploads.get(call.query.get('uploadId') ?? '', bucket, key);
  const source = copySourceOf(call.headers['x-amz-copy-source']);
  if (source === undefined) throw new S3Refusal(s3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', { ArgumentName: 'x-amz-copy-source' }));
  await requireBucket(call, source.bucket);
  const noSource = () => new S3Refusal(s3Error(source.versionId === undefined ? 'NoSuchKey' : 'NoSuchVersion', undefined, { Key: source.key }));
  const version = await call.objects.headObject(source.bucket, source.key, source.versionId);
  if (version === undefined) throw noSource();
  const range = copySourceRangeOf(call.headers['x-amz-copy-source-range'], version.size);
  const got = await call.objects.getObject(source.bucket, source.key, version.versionId, range);
  if (got === undefined) throw noSource();
  const md5 = createHash('md5');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      md5.update(chunk);
      done(null, chunk);
    },
  });
  got.body.on('error', (error) => hashing.destroy(error));
  const part = await call.uploads.putPart(upload, partNumber, got.body.pipe(hashing), () => md5.digest('hex'));
  return xmlAnswer(xmlDocument('CopyPartResult', { ETag: part.etag, LastModified: new Date(part.lastModified).toISOString() }), 200, {
    'x-amz-copy-source-version-id': got.version.versionId,
  });
}

function partNumberOf(call: S3Call): number {
  const text = call.query.get('partNumber') ?? '';
  const partNumber = Number(text);
  if (!/^\d+$/.test(text) || partNumber < partLimits.minNumber || partNumber > partLimits.maxNumber) {
    throw new S3Refusal(s3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', { ArgumentName: 'partNumber', ArgumentValue: text }));
  }
  return partNumber;
}

/** `x-amz-copy-source-range: bytes=first-last`, both given and within the source; absent, the whole object. */
function copySourceRangeOf(header: string | string[] | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(',') : header;
  const match = /^bytes=(\d+)-(\d+)$/.exec(text.trim());
  const [start, end] = [Number(match?.[1]), Number(match?.[2])];
  if (match === null || start > end || end >= size) {
    throw new S3Refusal(s3Error('InvalidArgument', `Range specified is not valid for source object of size: ${size}`, { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: text }));
  }
  return { start, end };
}

/**
 * CompleteMultipartUpload: joins the listed parts into the object, whose ETag is S3's multipart one
 * (the md5 of the parts' md5s, a dash, the number of parts); then the upload and its parts are gone.
 */
export async function completeMultipartUpload(call: S3Call): Promise<S3Answer> {
  const { bucket, key } = call.operation;
  const upload = await call.uploads.get(call.query.get('uploadId') ?? '', bucket, key);
  const parsed = parseXmlBody(await smallBody(call, 4 * 1024 * 1024), ['Part']);
  const listed = (parsed?.CompleteMultipartUpload as { Part?: { PartNumber?: unknown; ETag?: unknown }[] } | undefined)?.Part;
  const parts = (listed ?? []).map((part) => ({
    partNumber: typeof part.PartNumber === 'string' && /^\s*\d+\s*$/.test(part.PartNumber) ? Number(part.PartNumber) : NaN,
    etag: typeof part.ETag === 'string' ? part.ETag : '',
  }));
  if (listed === undefined || parts.some((part) => Number.isNaN(part.partNumber) || part.etag === '')) throw new S3Refusal(s3Error('MalformedXML'));
  const { body, etag } = await call.uploads.assemble(upload, parts);
  const stored = await call.objects.putObject({
    bucket,
    key,
    body,
    etag,
    metadata: upload.metadata,
    ...(upload.contentType !== undefined ? { contentType: upload.contentType } : {}),
    ...(upload.cacheControl !== undefined ? { cacheControl: upload.cacheControl } : {}),
  });
  await call.uploads.remove(upload.uploadId);
  return xmlAnswer(xmlDocument('CompleteMultipartUploadResult', { Location: `/${bucket}/${key}`, Bucket: bucket, Key: key, ETag: stored.etag }), 200, {
    'x-amz-version-id': stored.versionId,
  });
}

/** AbortMultipartUpload: the parts are deleted; 204. */
export async function abortMultipartUpload(call: S3Call): Promise<S3Answer> {
  const { bucket, key } = call.operation;
  const upload = await call.uploads.get(call.query.get('uploadId') ?? '', bucket, key);
  await call.uploads.remove(upload.uploadId);
  return { status: 204 };
}

/** ListParts: every part uploaded so far (max-parts and part-number-marker page it). */
export async function listParts(call: S3Call): Promise<S3Answer> {
  const { bucket, key } = call.operation;
  await requireBucket(call, bucket);
  const upload = await call.uploads.get(call.query.get('uploadId') ?? '', bucket, key);
  const marker = Number(call.query.get('part-number-marker') ?? '0') || 0;
  const maxParts = Math.min(Number(call.query.get('max-parts') ?? '1000') || 1000, 1000);
  const after = (await call.uploads.parts(upload)).filter((part) => part.partNumber > marker);
  const page = after.slice(0, maxParts);
  return xmlAnswer(
    xmlDocument('ListPartsResult', {
      Bucket: bucket,
      Key: key,
      UploadId: upload.uploadId,
      PartNumberMarker: marker,
      NextPartNumberMarker: page.at(-1)?.partNumber ?? marker,
      MaxParts: maxParts,
      IsTruncated: after.length > page.length,
      Part: page.map((part) => ({ PartNumber: part.partNumber, LastModified: new Date(part.lastModified).toISOString(), ETag: part.etag, Size: part.size })),
      StorageClass: 'STANDARD',
    }),
  );
}
