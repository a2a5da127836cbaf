import type { ObjectVersion } from '../../core/contracts/object-store.js';
import { s3Error, S3Refusal } from './s3-error.js';
import { xmlDocument, type XmlElement } from './s3-xml.js';

/** The parameters ListObjectsV2 and ListObjects (V1) share, read from the query (S3 API reference). */
export interface ListRequest {
  version: 1 | 2;
  bucket: string;
  prefix: string;
  delimiter: string;
  maxKeys: number;
  /** Keys up to and including this one are skipped: start-after, continuation-token or marker. */
  after: string;
  encodeUrl: boolean;
  continuationToken?: string;
  startAfter?: string;
  marker?: string;
  fetchOwner: boolean;
}

/** A page of a listing: the keys and the common prefixes that roll up the keys sharing a delimiter. */
export interface ListPage {
  /** The keys of the page (their metadata is read for these only). */
  keys: string[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix of the page, where the next page starts after. */
  last?: string;
}

const maxKeysLimit = 1000;

export function listRequestOf(bucket: string, query: URLSearchParams): ListRequest {
  const version = query.get('list-type') === '2' ? 2 : 1;
  const maxKeysText = query.get('max-keys');
  const maxKeys = maxKeysText === null ? maxKeysLimit : Number(maxKeysText);
  if (!/^\d+$/.test(maxKeysText ?? '0')) throw new S3Refusal(s3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', { ArgumentName: 'max-keys', ArgumentValue: maxKeysText ?? '' }));
  const encoding = query.get('encoding-type');
  if (encoding !== null && encoding !== 'url') throw new S3Refusal(s3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', { ArgumentName: 'encoding-type', ArgumentValue: encoding }));
  const continuationToken = query.get('continuation-token') ?? undefined;
  const startAfter = query.get('start-after') ?? undefined;
  const marker = query.get('marker') ?? undefined;
  let after = version === 2 ? (startAfter ?? '') : (marker ?? '');
  if (version === 2 && continuationToken !== undefined) {
    const decoded = decodeToken(continuationToken);
    if (decoded === undefined) throw new S3Refusal(s3Error('InvalidArgument', 'The continuation token provided is incorrect', { ArgumentName: 'continuation-token' }));
    after = decoded;
  }
  return {
    version,
    bucket,
    prefix: query.get('prefix') ?? '',
    delimiter: query.get('delimiter') ?? '',
    maxKeys: Math.min(maxKeys, maxKeysLimit),
    after,
    encodeUrl: encoding === 'url',
    fetchOwner: version === 1 || query.get('fetch-owner') === 'true',
    ...(continuationToken !== undefined ? { continuationToken } : {}),
    ...(startAfter !== undefined ? { startAfter } : {}),
    ...(marker !== undefined ? { marker } : {}),
  };
}

/** One page out of every key under the prefix (sorted): keys and common prefixes both count toward max-keys. */
export function listPage(keys: readonly string[], request: ListRequest): ListPage {
  const page: ListPage = { keys: [], commonPrefixes: [], truncated: false };
  for (const key of keys) {
    if (!key.startsWith(request.prefix) || key <= request.after) continue;
    const rest = key.slice(request.prefix.length);
    const cut = request.delimiter === '' ? -1 : rest.indexOf(request.delimiter);
    const entry = cut === -1 ? key : request.prefix + rest.slice(0, cut + request.delimiter.length);
    if (cut !== -1 && (entry <= request.after || entry === page.commonPrefixes.at(-1))) continue;
    if (page.keys.length + page.commonPrefixes.length >= request.maxKeys) {
      page.truncated = true;
      break;
    }
    if (cut === -1) page.keys.push(key);
    else page.commonPrefixes.push(entry);
    page.last = entry;
  }
  return page;
}

/** The ListBucketResult document (V2 or V1), its names URL-encoded when the client asked for it. */
export function listResultXml(request: ListRequest, page: ListPage, objects: readonly ObjectVersion[], owner: { id: string; displayName: string }): string {
  const encode = (text: string) => (request.encodeUrl ? encodeURIComponent(text).replace(/%2F/g, '/') : text);
  const ownerElement = request.fetchOwner ? { ID: owner.id, DisplayName: owner.displayName } : undefined;
  const contents: XmlElement[] = objects.map((object) => ({
    Key: encode(object.key),
    LastModified: new Date(object.lastModified).toISOString(),
    ETag: object.etag,
    Size: object.size,
    Owner: ownerElement,
    StorageClass: 'STANDARD',
  }));
  const commonPrefixes: XmlElement[] = page.commonPrefixes.map((prefix) => ({ Prefix: encode(prefix) }));
  const delimiter = request.delimiter === '' ? undefined : encode(request.delimiter);
  const body: XmlElement =
    request.version === 2
      ? {
          Name: request.bucket,
          Prefix: encode(request.prefix),
          ...(request.startAfter !== undefined ? { StartAfter: encode(request.startAfter) } : {}),
          ...(request.continuationToken !== undefined ? { ContinuationToken: request.continuationToken } : {}),
          KeyCount: objects.length + page.commonPrefixes.length,
          MaxKeys: request.maxKeys,
          Delimiter: delimiter,
          EncodingType: request.encodeUrl ? 'url' : undefined,
          IsTruncated: page.truncated,
          NextContinuationToken: page.truncated && page.last !== undefined ? encodeToken(page.last) : undefined,
          Contents: contents,
          CommonPrefixes: commonPrefixes,
        }
      : {
          Name: request.bucket,
          Prefix: encode(request.prefix),
          Marker: encode(request.marker ?? ''),
          MaxKeys: request.maxKeys,
          Delimiter: delimiter,
          EncodingType: request.encodeUrl ? 'url' : undefined,
          IsTruncated: page.truncated,
          NextMarker: page.truncated && page.last !== undefined ? encode(page.last) : undefined,
          Contents: contents,
          CommonPrefixes: commonPrefixes,
        };
  return xmlDocument('ListBucketResult', body);
}

/** Continuation tokens are opaque to clients: here, the last key or prefix of the page, base64url with a tag. */
function encodeToken(last: string): string {
  return Buffer.from(`v1:${last}`, 'utf8').toString('base64url');
}

function decodeToken(token: string): string | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  return text.startsWith('v1:') ? text.slice(3) : undefined;
}
