import type { ByteRange, ObjectVersion } from '../../core/contracts/object-store.js';
import { s3Error, S3Refusal } from './s3-error.js';

type Headers = Record<string, string | string[] | undefined>;

/**
 * GetObject's and HeadObject's conditional headers, as the S3 API reference states them (GetObject,
 * "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since"): If-Match that holds wins
 * over a failing If-Unmodified-Since (200), If-None-Match that fails wins over a holding
 * If-Modified-Since (304). Returns 'not-modified' for a 304; throws PreconditionFailed for a 412.
 */
export function checkPreconditions(version: ObjectVersion, headers: Headers): 'proceed' | 'not-modified' {
  const ifMatch = header(headers, 'if-match');
  const ifNoneMatch = header(headers, 'if-none-match');
  const ifModifiedSince = dateHeader(headers, 'if-modified-since');
  const ifUnmodifiedSince = dateHeader(headers, 'if-unmodified-since');
  const modified = Math.floor(version.lastModified / 1000) * 1000;

  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, version.etag)) throw new S3Refusal(s3Error('PreconditionFailed', undefined, { Condition: 'If-Match' }));
  } else if (ifUnmodifiedSince !== undefined && modified > ifUnmodifiedSince) {
    throw new S3Refusal(s3Error('PreconditionFailed', undefined, { Condition: 'If-Unmodified-Since' }));
  }
  if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch, version.etag) ? 'not-modified' : 'proceed';
  if (ifModifiedSince !== undefined && modified <= ifModifiedSince) return 'not-modified';
  return 'proceed';
}

/** A list of entity tags (quoted or not, weak or strong) or `*`, against an object's ETag. */
function etagMatches(list: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return list.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * The one byte range of a `Range: bytes=…` header (S3 serves a single range; RFC 9110 §14.1.2 for the
 * forms `a-b`, `a-` and `-n`). Undefined without a usable Range header: the whole object is sent.
 * A range that starts past the end (or any range of an empty object) is InvalidRange, 416.
 */
export function byteRangeOf(headers: Headers, size: number): ByteRange | undefined {
  const text = header(headers, 'range');
  if (text === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(text.trim());
  if (match === null || (match[1] === '' && match[2] === '')) return undefined;
  const [first, last] = [match[1] ?? '', match[2] ?? ''];
  const unsatisfiable = () =>
    new S3Refusal(s3Error('InvalidRange', undefined, { RangeRequested: text, ActualObjectSize: String(size) }));
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw unsatisfiable();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) throw unsatisfiable();
  return { start, end };
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** An HTTP date, or undefined when absent or unreadable (a bad date is ignored, as HTTP says). */
function dateHeader(headers: Headers, name: string): number | undefined {
  const text = header(headers, name);
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}
