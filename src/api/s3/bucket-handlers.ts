import type { ObjectVersion } from '../../core/contracts/object-store.js';
import { isPipewrightError } from '../../core/errors/index.js';
import { isBucketName } from './bucket-names.js';
import { listPage, listRequestOf, listResultXml } from './list-objects.js';
import { requireBucket, smallBody, xmlAnswer, type S3Answer, type S3Call } from './s3-call.js';
import { s3Error, S3Refusal } from './s3-error.js';
import { parseXmlBody, xmlDocument, type XmlElement } from './s3-xml.js';

/** ListBuckets: every bucket of the object store (the ones S3 deploy writes and S3 sources read). */
export async function listBuckets(call: S3Call): Promise<S3Answer> {
  const buckets = await call.objects.listBuckets();
  return xmlAnswer(
    xmlDocument('ListAllMyBucketsResult', {
      Owner: { ID: call.owner.id, DisplayName: call.owner.displayName },
      Buckets: { Bucket: buckets.map((bucket) => ({ Name: bucket.name, CreationDate: new Date(bucket.created).toISOString() })) },
    }),
  );
}

/**
 * CreateBucket (S3 API reference): a name S3 would refuse is InvalidBucketName; a bucket that exists is
 * BucketAlreadyOwnedByYou, except in us-east-1 where S3 answers 200 for it (legacy behaviour it documents).
 */
export async function createBucket(call: S3Call): Promise<S3Answer> {
  const { bucket } = call.operation;
  await smallBody(call, 64 * 1024); // CreateBucketConfiguration: the location is this server's region anyway.
  if (!isBucketName(bucket)) throw new S3Refusal(s3Error('InvalidBucketName', undefined, { BucketName: bucket }));
  const created = await call.objects.createBucket(bucket);
  if (!created && call.region !== 'us-east-1') throw new S3Refusal(s3Error('BucketAlreadyOwnedByYou', undefined, { BucketName: bucket }));
  return { status: 200, headers: { location: `/${bucket}` } };
}

/** DeleteBucket (S3 API reference): 204; a bucket that still holds objects is BucketNotEmpty (409), as on S3. */
export async function deleteBucket(call: S3Call): Promise<S3Answer> {
  const { bucket } = call.operation;
  const outcome = await call.objects.deleteBucket(bucket);
  if (outcome === 'missing') throw new S3Refusal(s3Error('NoSuchBucket', undefined, { BucketName: bucket }));
  if (outcome === 'not-empty') throw new S3Refusal(s3Error('BucketNotEmpty', undefined, { BucketName: bucket }));
  return { status: 204 };
}

/** HeadBucket: 200 with the bucket's region, 404 without a body when there is no such bucket. */
export async function headBucket(call: S3Call): Promise<S3Answer> {
  await requireBucket(call, call.operation.bucket);
  return { status: 200, headers: { 'x-amz-bucket-region': call.region } };
}

export async function getBucketLocation(call: S3Call): Promise<S3Answer> {
  await requireBucket(call, call.operation.bucket);
  // us-east-1 is the empty LocationConstraint (S3 API reference, GetBucketLocation).
  return xmlAnswer(`<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${call.region === 'us-east-1' ? '' : call.region}</LocationConstraint>`);
}

/** Metadata reads in flight at once for a listing (an S3-backed store makes one request each). */
const headsAtOnce = 16;

/** ListObjectsV2 and ListObjects: prefix, delimiter and common prefixes, max-keys, start-after, continuation. */
export async function listObjects(call: S3Call): Promise<S3Answer> {
  const { bucket } = call.operation;
  const request = listRequestOf(bucket, call.query);
  await requireBucket(call, bucket);
  const page = listPage(await call.objects.listKeys(bucket, request.prefix), request);
  // Metadata for the page's keys only; one deleted meanwhile is left out, as if listed a moment later.
  const objects: ObjectVersion[] = [];
  for (let start = 0; start < page.keys.length; start += headsAtOnce) {
    const heads = await Promise.all(page.keys.slice(start, start + headsAtOnce).map((key) => call.objects.headObject(bucket, key)));
    objects.push(...heads.filter((version): version is ObjectVersion => version !== undefined));
  }
  return xmlAnswer(listResultXml(request, page, objects, call.owner));
}

/** At most 1000 keys per DeleteObjects request (S3 API reference, DeleteObjects). */
const maxDeleteKeys = 1000;

/**
 * DeleteObjects: the keys of an XML body, each authorized for s3:DeleteObject on its own, as S3 does;
 * a refused key is an Error entry of the result, the others are deleted. Quiet mode lists errors only.
 */
export async function deleteObjects(call: S3Call): Promise<S3Answer> {
  const { bucket } = call.operation;
  const parsed = parseXmlBody(await smallBody(call, 2 * 1024 * 1024), ['Object']);
  const root = parsed?.Delete as { Object?: { Key?: unknown; VersionId?: unknown }[]; Quiet?: unknown } | undefined;
  const listed = root?.Object ?? [];
  if (root === undefined || listed.length === 0 || listed.length > maxDeleteKeys || listed.some((entry) => typeof entry.Key !== 'string' || entry.Key === '')) {
    throw new S3Refusal(s3Error('MalformedXML'));
  }
  await requireBucket(call, bucket);
  const quiet = typeof root.Quiet === 'string' && root.Quiet.trim() === 'true';
  const deleted: XmlElement[] = [];
  const errors: XmlElement[] = [];
  for (const entry of listed) {
    const key = entry.Key as string;
    if (!(await call.allowed('s3:DeleteObject', `arn:aws:s3:::${bucket}/${key}`))) {
      errors.push({ Key: key, Code: 'AccessDenied', Message: 'Access Denied' });
      continue;
    }
    try {
      await call.objects.deleteObject(bucket, key);
    } catch (error) {
      // A key the store cannot hold cannot exist: deleting it is done, as for any missing key.
      if (!isPipewrightError(error) || error.code !== 'ValidationException') throw error;
    }
    if (!quiet) deleted.push({ Key: key });
  }
  return xmlAnswer(xmlDocument('DeleteResult', { Deleted: deleted, Error: errors }));
}
