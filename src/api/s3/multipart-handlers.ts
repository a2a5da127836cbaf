import { storedHeadersOf } from './object-headers.js';
import { partLimits } from './multipart-uploads.js';
import { requireBucket, smallBody, xmlAnswer, type S3Answer, type S3Call } from './s3-call.js';
import { s3Error, S3Refusal } from './s3-error.js';
import { parseXmlBody, xmlDocument } from './s3-xml.js';

/** CreateMultipartUpload: keeps the metadata and content type the finished object will have. */
export async function createMultipartUpload(call: S3Call): Promise<S3Answer> {
  const { bucket, key } = call.operation;
  await requireBucket(call, bucket);
  const upload = await call.uploads.create({ bucket, key, initiated: Date.now(), ...storedHeadersOf(call.headers) });
  return xmlAnswer(xmlDocument('InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: upload.uploadId }));
}

/** UploadPart: part numbers 1 to 10,000; the part's ETag is its md5. */
export async function uploadPart(call: S3Call): Promise<S3Answer> {
  const { bucket, key } = call.operation;
  const text = call.query.get('partNumber') ?? '';
  const partNumber = Number(text);
  if (!/^\d+$/.test(text) || partNumber < partLimits.minNumber || partNumber > partLimits.maxNumber) {
    throw new S3Refusal(s3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', { ArgumentName: 'partNumber', ArgumentValue: text }));
  }
  const upload = await call.uploads.get(call.query.get('uploadId') ?? '', bucket, key);
  const { stream, md5Hex } = call.body();
  const part = await call.uploads.putPart(upload, partNumber, stream, md5Hex);
  return { status: 200, headers: { etag: part.etag } };
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
