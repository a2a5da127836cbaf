import { checkNoTagging, checkObjectAcl } from './object-acl.js';
import { objectResponseHeaders, responseOverrides, storedHeadersOf } from './object-headers.js';
import { byteRangeOf, checkPreconditions } from './preconditions.js';
import { requireBucket, xmlAnswer, type S3Answer, type S3Call } from './s3-call.js';
import { s3Error, S3Refusal } from './s3-error.js';
import { copySourceOf } from './s3-operations.js';
import { xmlDocument } from './s3-xml.js';

/** GetObject and HeadObject (S3 API reference): versions, byte ranges (206) and conditional requests (304, 412). */
export async function getObject(call: S3Call, withBody: boolean): Promise<S3Answer> {
  const { bucket, key } = call.operation;
  const versionId = call.query.get('versionId') ?? undefined;
  const version = await call.objects.headObject(bucket, key, versionId);
  if (version === undefined) throw await missing(call, versionId);
  if (checkPreconditions(version, call.headers) === 'not-modified') {
    return { status: 304, headers: { etag: version.etag, 'last-modified': new Date(version.lastModified).toUTCString() } };
  }
  const range = byteRangeOf(call.headers, version.size);
  const headers: Record<string, string | number> = { ...objectResponseHeaders(version), ...(withBody ? responseOverrides(call.query) : {}) };
  const length = range === undefined ? version.size : range.end - range.start + 1;
  headers['content-length'] = length;
  if (range !== undefined) headers['content-range'] = `bytes ${range.start}-${range.end}/${version.size}`;
  const status = range === undefined ? 200 : 206;
  if (!withBody) return { status, headers };
  const got = await call.objects.getObject(bucket, key, versionId, range);
  if (got === undefined) throw await missing(call, versionId);
  // A put between the head and the get: answer with what was opened, not a mix of both.
  if (got.version.versionId !== version.versionId) {
    got.body.destroy();
    return getObject(call, withBody);
  }
  return { status, headers, body: got.body };
}

/** PutObject: streams the body into the store, checked against Content-MD5; the ETag is its md5. */
export async function putObject(call: S3Call): Promise<S3Answer> {
  const { bucket, key } = call.operation;
  checkObjectAcl(call.headers);
  checkNoTagging(call.headers);
  await requireBucket(call, bucket);
  const { stream } = call.body();
  const stored = await call.objects.putObject({ bucket, key, body: stream, ...storedHeadersOf(call.headers) });
  return { status: 200, headers: { etag: stored.etag, 'x-amz-version-id': stored.versionId } };
}

/**
 * CopyObject: the source's content (and, with the default metadata directive COPY, its metadata) under a
 * new key; REPLACE takes the request's. Copying an object onto itself must change something (S3 refuses
 * it otherwise with InvalidRequest).
 */
export async function copyObject(call: S3Call): Promise<S3Answer> {
  const { bucket, key } = call.operation;
  const source = copySourceOf(call.headers['x-amz-copy-source']);
  if (source === undefined) throw new S3Refusal(s3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', { ArgumentName: 'x-amz-copy-source' }));
  checkObjectAcl(call.headers);
  checkNoTagging(call.headers);
  const directive = String(call.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') throw new S3Refusal(s3Error('InvalidArgument', 'Unknown metadata directive.', { ArgumentName: 'x-amz-metadata-directive', ArgumentValue: directive }));
  if (source.bucket === bucket && source.key === key && source.versionId === undefined && directive === 'COPY') {
    throw new S3Refusal(
      s3Error(
        'InvalidRequest',
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      ),
    );
  }
  await requireBucket(call, bucket);
  await requireBucket(call, source.bucket);
  const got = await call.objects.getObject(source.bucket, source.key, source.versionId);
  if (got === undefined) throw new S3Refusal(s3Error(source.versionId === undefined ? 'NoSuchKey' : 'NoSuchVersion', undefined, { Key: source.key }));
  const kept =
    directive === 'COPY'
      ? {
          metadata: got.version.metadata,
          ...(got.version.contentType !== undefined ? { contentType: got.version.contentType } : {}),
          ...(got.version.cacheControl !== undefined ? { cacheControl: got.version.cacheControl } : {}),
        }
      : storedHeadersOf(call.headers);
  const stored = await call.objects.putObject({ bucket, key, body: got.body, etag: got.version.etag, ...kept });
  const headers = { 'x-amz-version-id': stored.versionId, 'x-amz-copy-source-version-id': got.version.versionId };
  return xmlAnswer(xmlDocument('CopyObjectResult', { ETag: stored.etag, LastModified: new Date(stored.lastModified).toISOString() }), 200, headers);
}

/**
 * GetObjectTagging: an empty tag set, which is what every object here has, since a request setting tags
 * is refused (object-acl.ts). `aws s3 cp` between buckets asks it of the source of a multipart copy,
 * to copy its tags.
 */
export async function getObjectTagging(call: S3Call): Promise<S3Answer> {
  const { bucket, key } = call.operation;
  const versionId = call.query.get('versionId') ?? undefined;
  const version = await call.objects.headObject(bucket, key, versionId);
  if (version === undefined) throw await missing(call, versionId);
  return xmlAnswer('<?xml version="1.0" encoding="UTF-8"?>\n<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet></TagSet></Tagging>', 200, { 'x-amz-version-id': version.versionId });
}

/** DeleteObject: 204 whether or not the key existed (S3 API reference, DeleteObject). */
export async function deleteObject(call: S3Call): Promise<S3Answer> {
  const { bucket, key } = call.operation;
  await requireBucket(call, bucket);
  await call.objects.deleteObject(bucket, key);
  return { status: 204 };
}

async function missing(call: S3Call, versionId: string | undefined): Promise<S3Refusal> {
  await requireBucket(call, call.operation.bucket);
  return new S3Refusal(versionId === undefined ? s3Error('NoSuchKey', undefined, { Key: call.operation.key }) : s3Error('NoSuchVersion', undefined, { Key: call.operation.key, VersionId: versionId }));
}
