import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { startAwsEndpoint, xml, type AwsEndpoint, type AwsReply } from './aws-endpoint.js';

/**
 * A small Amazon S3 on loopback (REST-XML, path-style): PutObject, GetObject and HeadObject in the
 * buckets the test creates, unversioned (ETag = MD5 of the content, as S3 gives it for single-part
 * uploads); NoSuchBucket and NoSuchKey otherwise. `put` stores an object as a client's upload would.
 */
export interface FakeS3 extends AwsEndpoint {
  put(bucket: string, key: string, body: string): void;
  buckets: Map<string, Map<string, Buffer>>;
  /** The request headers each object was stored with, by `bucket/key`. */
  headers: Map<string, IncomingHttpHeaders>;
}

export async function startFakeS3(bucketNames: readonly string[]): Promise<FakeS3> {
  const buckets = new Map(bucketNames.map((name) => [name, new Map<string, Buffer>()]));
  const headers = new Map<string, IncomingHttpHeaders>();
  const endpoint = await startAwsEndpoint((request): AwsReply => {
    const [bucketName = '', ...keyParts] = decodeURIComponent(request.path.split('?')[0] ?? '').replace(/^\//, '').split('/');
    const key = keyParts.join('/');
    const bucket = buckets.get(bucketName);
    if (bucket === undefined) {
      return { status: 404, contentType: 'application/xml', body: `<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>${xml(bucketName)}</BucketName></Error>` };
    }
    if (request.method === 'PUT') {
      const body = Buffer.from(request.body, 'latin1');
      bucket.set(key, body);
      headers.set(`${bucketName}/${key}`, request.headers);
      return { status: 200, contentType: 'application/xml', body: '', headers: { etag: `"${createHash('md5').update(body).digest('hex')}"` } };
    }
    const object = bucket.get(key);
    if (object === undefined) {
      if (request.method === 'HEAD') return { status: 404, contentType: 'application/xml', body: '' };
      return { status: 404, contentType: 'application/xml', body: `<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${xml(key)}</Key></Error>` };
    }
    const stored = headers.get(`${bucketName}/${key}`) ?? {};
    return {
      status: 200,
      contentType: typeof stored['content-type'] === 'string' ? stored['content-type'] : 'binary/octet-stream',
      body: request.method === 'HEAD' ? '' : object.toString('latin1'),
      headers: {
        etag: `"${createHash('md5').update(object).digest('hex')}"`,
        'last-modified': 'Mon, 07 Dec 2026 13:00:00 GMT',
        'content-length': String(object.length),
      },
    };
  }, 'latin1');
  return { ...endpoint, buckets, headers, put: (bucket, key, body) => buckets.get(bucket)?.set(key, Buffer.from(body)) };
}
