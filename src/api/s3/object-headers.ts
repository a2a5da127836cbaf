import type { ObjectVersion } from '../../core/contracts/object-store.js';

type Headers = Record<string, string | string[] | undefined>;

/** What a PutObject, CopyObject (REPLACE) or CreateMultipartUpload keeps of its request headers. */
export interface StoredHeaders {
  metadata: Record<string, string>;
  contentType?: string;
  cacheControl?: string;
}

const metaPrefix = 'x-amz-meta-';

/** User metadata (`x-amz-meta-*`, names lower-cased as S3 returns them), content type and cache control. */
export function storedHeadersOf(headers: Headers): StoredHeaders {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(metaPrefix) && value !== undefined) metadata[name.slice(metaPrefix.length)] = Array.isArray(value) ? value.join(',') : value;
  }
  const contentType = single(headers['content-type']);
  const cacheControl = single(headers['cache-control']);
  return { metadata, ...(contentType !== undefined ? { contentType } : {}), ...(cacheControl !== undefined ? { cacheControl } : {}) };
}

/**
 * The headers GetObject and HeadObject answer with (S3 API reference, GetObject "Response Syntax"). An
 * object stored without a content type is `binary/octet-stream`, as S3 serves it.
 */
export function objectResponseHeaders(version: ObjectVersion): Record<string, string> {
  const headers: Record<string, string> = {
    etag: version.etag,
    'last-modified': new Date(version.lastModified).toUTCString(),
    'content-type': version.contentType ?? 'binary/octet-stream',
    'accept-ranges': 'bytes',
    'x-amz-version-id': version.versionId,
  };
  if (version.cacheControl !== undefined) headers['cache-control'] = version.cacheControl;
  for (const [name, value] of Object.entries(version.metadata)) headers[`${metaPrefix}${name}`] = value;
  return headers;
}

/** `response-content-type` and its siblings override the stored headers of one GetObject answer. */
export function responseOverrides(query: URLSearchParams): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const name of ['content-type', 'content-disposition', 'cache-control', 'content-encoding', 'content-language', 'expires']) {
    const value = query.get(`response-${name}`);
    if (value !== null) overrides[name] = value;
  }
  return overrides;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
