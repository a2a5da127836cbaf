/**
 * Which S3 operation a path-style request is, and what IAM must allow for it: the action and resource
 * each operation is authorized on, as the Service Authorization Reference lists them for Amazon S3
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html). The gate
 * authorizes these before the handler runs; DeleteObjects checks s3:DeleteObject key by key itself,
 * since its keys are in the body.
 */
export type S3OperationName =
  | 'ListBuckets'
  | 'CreateBucket'
  | 'HeadBucket'
  | 'GetBucketLocation'
  | 'DeleteBucket'
  | 'ListObjectsV2'
  | 'ListObjects'
  | 'DeleteObjects'
  | 'GetObject'
  | 'HeadObject'
  | 'GetObjectTagging'
  | 'PutObject'
  | 'CopyObject'
  | 'DeleteObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListParts'
  | 'Unsupported';

export interface S3Operation {
  name: S3OperationName;
  bucket: string;
  key: string;
  /** IAM checks, all of which must allow. */
  checks: { action: string; resource: string }[];
}

import { artifactEndpointPath as s3Path } from '../../core/jobs/artifact-endpoint.js';

type Rule = [method: string, on: 'service' | 'bucket' | 'object', when: (query: URLSearchParams, headers: Headers) => boolean, name: S3OperationName, action: string | undefined];
type Headers = Record<string, string | string[] | undefined>;

const has = (name: string) => (query: URLSearchParams) => query.has(name);

/** First match wins: sub-resources (?uploads, ?uploadId, ?delete) before the plain operation. */
const rules: Rule[] = [
  ['GET', 'service', (query) => onlyPlain(query), 'ListBuckets', 's3:ListAllMyBuckets'],
  ['PUT', 'bucket', (query) => onlyPlain(query), 'CreateBucket', 's3:CreateBucket'],
  ['HEAD', 'bucket', (query) => onlyPlain(query), 'HeadBucket', 's3:ListBucket'],
  ['GET', 'bucket', has('location'), 'GetBucketLocation', 's3:GetBucketLocation'],
  ['DELETE', 'bucket', (query) => onlyPlain(query), 'DeleteBucket', 's3:DeleteBucket'],
  ['GET', 'bucket', (query) => query.get('list-type') === '2', 'ListObjectsV2', 's3:ListBucket'],
  ['GET', 'bucket', (query) => [...query.keys()].every((name) => listParameters.has(name)), 'ListObjects', 's3:ListBucket'],
  ['POST', 'bucket', has('delete'), 'DeleteObjects', undefined],
  ['POST', 'object', has('uploads'), 'CreateMultipartUpload', 's3:PutObject'],
  ['POST', 'object', has('uploadId'), 'CompleteMultipartUpload', 's3:PutObject'],
  ['PUT', 'object', (query, headers) => query.has('uploadId') && query.has('partNumber') && headers['x-amz-copy-source'] === undefined, 'UploadPart', 's3:PutObject'],
  ['PUT', 'object', (query, headers) => query.has('uploadId') && query.has('partNumber') && headers['x-amz-copy-source'] !== undefined, 'UploadPartCopy', 's3:PutObject'],
  ['GET', 'object', has('uploadId'), 'ListParts', 's3:ListMultipartUploadParts'],
  ['DELETE', 'object', has('uploadId'), 'AbortMultipartUpload', 's3:AbortMultipartUpload'],
  ['PUT', 'object', (query, headers) => !query.has('uploadId') && headers['x-amz-copy-source'] !== undefined, 'CopyObject', 's3:PutObject'],
  ['PUT', 'object', (query) => onlyPlain(query), 'PutObject', 's3:PutObject'],
  ['GET', 'object', has('tagging'), 'GetObjectTagging', 's3:GetObjectTagging'],
  ['GET', 'object', (query) => onlyPlain(query), 'GetObject', 's3:GetObject'],
  ['HEAD', 'object', (query) => onlyPlain(query), 'HeadObject', 's3:GetObject'],
  ['DELETE', 'object', (query) => onlyPlain(query), 'DeleteObject', 's3:DeleteObject'],
];

/** Query parameters of a listing (V1 and V2), besides the signature's own. */
const listParameters = new Set(['prefix', 'delimiter', 'marker', 'max-keys', 'encoding-type', 'continuation-token', 'start-after', 'fetch-owner', 'list-type', 'x-id']);

/** Parameters that change a plain request's answer but not which operation it is (any other is a sub-resource: ?acl, ?tagging…). */
const plainParameters = new Set(['versionId', 'x-id', 'max-buckets', 'continuation-token', 'prefix', 'bucket-region', 'partNumber', 'response-content-type', 'response-content-disposition', 'response-cache-control', 'response-content-encoding', 'response-content-language', 'response-expires']);

function onlyPlain(query: URLSearchParams): boolean {
  return [...query.keys()].every((name) => plainParameters.has(name) || /^x-amz-/i.test(name));
}

/** Whether a request URL is one for S3's API: `/s3`, `/s3/…` or `/s3?…`. */
export function isS3Path(url: string): boolean {
  return url === s3Path || url.startsWith(`${s3Path}/`) || url.startsWith(`${s3Path}?`);
}

/** `path` is the part after `/s3`, still percent-encoded, without the query. */
export function s3OperationOf(method: string, path: string, query: URLSearchParams, headers: Headers): S3Operation {
  const [bucketPart = '', ...keyParts] = path.replace(/^\//, '').split('/');
  const bucket = safeDecode(bucketPart) ?? bucketPart;
  const key = safeDecode(keyParts.join('/')) ?? keyParts.join('/');
  const on = bucket === '' ? 'service' : key === '' ? 'bucket' : 'object';
  const rule = rules.find(([ruleMethod, ruleOn, when]) => ruleMethod === method && ruleOn === on && when(query, headers));
  if (rule === undefined) return { name: 'Unsupported', bucket, key, checks: [] };
  const [, , , name, action] = rule;
  const resource = on === 'service' ? '*' : on === 'bucket' ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
  const checks = action === undefined ? [] : [{ action, resource }];
  // Copies also read their source (UploadPartCopy: s3:GetObject on it, Service Authorization Reference).
  if (name === 'CopyObject' || name === 'UploadPartCopy') {
    const source = copySourceOf(headers['x-amz-copy-source']);
    if (source !== undefined) checks.push({ action: 's3:GetObject', resource: `arn:aws:s3:::${source.bucket}/${source.key}` });
  }
  return { name, bucket, key, checks };
}

/** `x-amz-copy-source`: `[/]bucket/key[?versionId=…]`, URL-encoded (CopyObject in the S3 API reference). */
export function copySourceOf(header: string | string[] | undefined): { bucket: string; key: string; versionId?: string } | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (text === undefined) return undefined;
  const [path = '', query = ''] = text.split('?', 2);
  const decoded = safeDecode(path.replace(/^\//, ''));
  const slash = decoded?.indexOf('/') ?? -1;
  if (decoded === undefined || slash <= 0 || slash === decoded.length - 1) return undefined;
  const versionId = new URLSearchParams(query).get('versionId') ?? undefined;
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), ...(versionId !== undefined ? { versionId } : {}) };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
