import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../kit/test-server.js';

/**
 * S3's API at /s3 with the real AWS SDK v3 S3 client (path-style), on a real server in local mode.
 * Expected behaviour and errors are the Amazon S3 API Reference's:
 * - Operations: https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
 * - Error codes, statuses and messages: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
 * - Multipart ETag (md5 of the parts' md5s, "-N"): Amazon S3 User Guide, "Checking object integrity".
 */
describe('S3 API with the AWS SDK', () => {
  let server: TestServer;
  let s3: S3Client;
  const bucket = 'site-bucket';

  beforeAll(async () => {
    server = await startTestServer();
    s3 = server.s3();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(async () => {
    await server.close();
  });

  const text = async (key: string, range?: string) => {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(range !== undefined ? { Range: range } : {}) }));
    return { got, body: await got.Body!.transformToString() };
  };

  it('creates, lists and heads buckets; CreateBucket and HeadBucket refuse as S3 does', async () => {
    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((entry) => entry.Name)).toContain(bucket);
    await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    // InvalidBucketName: upper case is not in S3's bucket naming rules (User Guide, "General purpose bucket naming rules").
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'Upper_Case' }))).rejects.toMatchObject({ name: 'InvalidBucketName', $metadata: { httpStatusCode: 400 } });
    // In us-east-1, creating a bucket you own again answers 200 (CreateBucket, "BucketAlreadyOwnedByYou").
    await expect(s3.send(new CreateBucketCommand({ Bucket: bucket }))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });

  it('keeps content type and user metadata, answers ranges, and conditional GETs with 304 and 412', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'docs/readme.txt', Body: 'hello, world', ContentType: 'text/plain', Metadata: { owner: 'team-a' } }));
    expect(put.ETag).toBe(`"${createHash('md5').update('hello, world').digest('hex')}"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'docs/readme.txt' }));
    expect([head.ContentType, head.Metadata, head.ContentLength, head.ETag]).toEqual(['text/plain', { owner: 'team-a' }, 12, put.ETag]);

    const whole = await text('docs/readme.txt');
    expect(whole.body).toBe('hello, world');
    const ranged = await text('docs/readme.txt', 'bytes=7-11');
    expect([ranged.body, ranged.got.ContentRange, ranged.got.$metadata.httpStatusCode]).toEqual(['world', 'bytes 7-11/12', 206]);
    expect((await text('docs/readme.txt', 'bytes=-5')).body).toBe('world');
    expect((await text('docs/readme.txt', 'bytes=7-')).body).toBe('world');
    // A range starting past the end: InvalidRange, 416.
    await expect(text('docs/readme.txt', 'bytes=50-60')).rejects.toMatchObject({ name: 'InvalidRange', $metadata: { httpStatusCode: 416 } });

    // If-None-Match with the current ETag: 304 Not Modified; If-Match with another: 412 PreconditionFailed.
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/readme.txt', IfNoneMatch: put.ETag }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 304 } });
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/readme.txt', IfMatch: '"0123"' }))).rejects.toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    const later = new Date(Date.now() + 3_600_000);
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/readme.txt', IfModifiedSince: later }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 304 } });
    const earlier = new Date(Date.now() - 3_600_000);
    expect((await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/readme.txt', IfModifiedSince: earlier }))).$metadata.httpStatusCode).toBe(200);
  });

  it('answers NoSuchKey and NoSuchBucket with S3 XML errors', async () => {
    const response = await fetch(`${server.url}/s3/${bucket}/missing.txt`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>');
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing.txt' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    await expect(s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'a.txt' }))).rejects.toMatchObject({ name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
    await expect(s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'a.txt', Body: 'x' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    // An operation this API does not serve (a bucket's ACL): NotImplemented, 501, and nothing changes.
    const acl = await fetch(`${server.url}/s3/${bucket}?acl`, { method: 'PUT', body: '<AccessControlPolicy/>' });
    expect(acl.status).toBe(501);
    expect(await acl.text()).toContain('<Code>NotImplemented</Code>');
  });

  it('refuses a body whose Content-MD5 differs with BadDigest, and stores nothing', async () => {
    const wrongMd5 = createHash('md5').update('something else').digest('base64');
    await expect(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'digest.txt', Body: 'the body', ContentMD5: wrongMd5 }))).rejects.toMatchObject({
      name: 'BadDigest',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'digest.txt' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    // A payload hash that is not the body's: XAmzContentSHA256Mismatch, 400; nothing stored either.
    const wrongSha = createHash('sha256').update('another body').digest('hex');
    const mismatched = await fetch(`${server.url}/s3/${bucket}/digest.txt`, { method: 'PUT', headers: { 'x-amz-content-sha256': wrongSha }, body: 'the body' });
    expect([mismatched.status, await mismatched.text()]).toEqual([400, expect.stringContaining('<Code>XAmzContentSHA256Mismatch</Code>')]);
    await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'digest.txt' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    const rightMd5 = createHash('md5').update('the body').digest('base64');
    await expect(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'digest.txt', Body: 'the body', ContentMD5: rightMd5 }))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });

  it('lists with prefix, delimiter and common prefixes, max-keys, continuation tokens and start-after', async () => {
    const keys = ['list/a.txt', 'list/b/1.txt', 'list/b/2.txt', 'list/c/1.txt', 'list/d.txt', 'list/e.txt'];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));

    const rolled = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'list/', Delimiter: '/' }));
    expect(rolled.Contents?.map((entry) => entry.Key)).toEqual(['list/a.txt', 'list/d.txt', 'list/e.txt']);
    expect(rolled.CommonPrefixes?.map((entry) => entry.Prefix)).toEqual(['list/b/', 'list/c/']);
    expect([rolled.KeyCount, rolled.IsTruncated]).toEqual([5, false]);

    // Pages of two: keys and common prefixes both count toward MaxKeys.
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'list/', Delimiter: '/', MaxKeys: 2, ContinuationToken: token }));
      seen.push(...(page.Contents ?? []).map((entry) => entry.Key!), ...(page.CommonPrefixes ?? []).map((entry) => entry.Prefix!));
      token = page.NextContinuationToken;
      pages += 1;
      expect(page.IsTruncated).toBe(token !== undefined);
    } while (token !== undefined);
    expect([pages, seen.sort()]).toEqual([3, ['list/a.txt', 'list/b/', 'list/c/', 'list/d.txt', 'list/e.txt']]);

    // ListObjects (version 1) pages with Marker and NextMarker.
    const first = await s3.send(new ListObjectsCommand({ Bucket: bucket, Prefix: 'list/', MaxKeys: 4 }));
    expect([first.Contents?.map((entry) => entry.Key), first.IsTruncated, first.NextMarker]).toEqual([keys.slice(0, 4), true, 'list/c/1.txt']);
    const second = await s3.send(new ListObjectsCommand({ Bucket: bucket, Prefix: 'list/', Marker: first.NextMarker }));
    expect([second.Contents?.map((entry) => entry.Key), second.IsTruncated]).toEqual([keys.slice(4), false]);

    const after = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'list/', StartAfter: 'list/c/1.txt' }));
    expect(after.Contents?.map((entry) => entry.Key)).toEqual(['list/d.txt', 'list/e.txt']);
    const everything = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'list/' }));
    expect(everything.Contents?.map((entry) => entry.Key)).toEqual(keys);
    expect(everything.Contents?.[0]).toMatchObject({ Size: 'list/a.txt'.length, ETag: `"${createHash('md5').update('list/a.txt').digest('hex')}"` });
  });

  it('keeps keys with spaces, plus signs, percent signs and non-ASCII letters as they were written', async () => {
    const key = 'odd/a b+c%d é.txt';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'odd' }));
    expect((await text(key)).body).toBe('odd');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'odd/' }));
    expect(listed.Contents?.map((entry) => entry.Key)).toEqual([key]);
    // encoding-type=url (what the AWS CLI asks for): names come URL-encoded (ListObjectsV2, EncodingType).
    const encoded = await fetch(`${server.url}/s3/${bucket}?list-type=2&prefix=odd%2F&encoding-type=url`);
    expect(await encoded.text()).toContain(`<Key>odd/${encodeURIComponent('a b+c%d é.txt')}</Key>`);
  });

  it('copies objects, keeping metadata (COPY) or replacing it (REPLACE)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'copy/source.json', Body: '{"a":1}', ContentType: 'application/json', Metadata: { build: '42' } }));
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy/kept.json', CopySource: `${bucket}/copy/source.json` }));
    const kept = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copy/kept.json' }));
    expect([kept.ContentType, kept.Metadata]).toEqual(['application/json', { build: '42' }]);
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy/replaced.json', CopySource: `${bucket}/copy/source.json`, MetadataDirective: 'REPLACE', ContentType: 'text/plain', Metadata: { build: '43' } }));
    const replaced = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copy/replaced.json' }));
    expect([replaced.ContentType, replaced.Metadata]).toEqual(['text/plain', { build: '43' }]);
    expect((await text('copy/replaced.json')).body).toBe('{"a":1}');
    await expect(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy/x.json', CopySource: `${bucket}/copy/missing.json` }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    // Onto itself without a change: InvalidRequest (CopyObject).
    await expect(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy/source.json', CopySource: `${bucket}/copy/source.json` }))).rejects.toMatchObject({ name: 'InvalidRequest' });
  });

  it('deletes one object (204 even when missing) and many with DeleteObjects', async () => {
    for (const key of ['del/1.txt', 'del/2.txt', 'del/3.txt']) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    expect((await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'del/1.txt' }))).$metadata.httpStatusCode).toBe(204);
    expect((await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'del/never.txt' }))).$metadata.httpStatusCode).toBe(204);
    const deleted = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'del/2.txt' }, { Key: 'del/3.txt' }] } }));
    expect(deleted.Deleted?.map((entry) => entry.Key).sort()).toEqual(['del/2.txt', 'del/3.txt']);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'del/' }));
    expect(left.KeyCount).toBe(0);
  });

  it('assembles a multipart upload from parts on disk, with the md5-of-md5s-N ETag, and forgets the parts', async () => {
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(1024)];
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big/archive.bin', ContentType: 'application/octet-stream', Metadata: { kind: 'archive' } }));
    const uploadId = created.UploadId!;
    const etags: string[] = [];
    for (const [index, part] of parts.entries()) {
      const uploaded = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big/archive.bin', UploadId: uploadId, PartNumber: index + 1, Body: part }));
      expect(uploaded.ETag).toBe(`"${createHash('md5').update(part).digest('hex')}"`);
      etags.push(uploaded.ETag!);
    }
    // The parts are files under the data directory while the upload is open.
    expect(readdirSync(join(server.dataDir, 's3-uploads', uploadId)).filter((name) => name.endsWith('.part')).sort()).toEqual(['1.part', '2.part']);
    const listed = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'big/archive.bin', UploadId: uploadId }));
    expect(listed.Parts?.map((part) => [part.PartNumber, part.Size])).toEqual([
      [1, parts[0]!.length],
      [2, parts[1]!.length],
    ]);
    // Parts out of order: InvalidPartOrder; a wrong ETag: InvalidPart (CompleteMultipartUpload, "Special errors").
    await expect(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'big/archive.bin', UploadId: uploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: etags[1] }, { PartNumber: 1, ETag: etags[0] }] } })),
    ).rejects.toMatchObject({ name: 'InvalidPartOrder' });
    await expect(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'big/archive.bin', UploadId: uploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"00"' }] } })),
    ).rejects.toMatchObject({ name: 'InvalidPart' });

    const completed = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'big/archive.bin', UploadId: uploadId, MultipartUpload: { Parts: etags.map((ETag, index) => ({ PartNumber: index + 1, ETag })) } }),
    );
    const md5s = createHash('md5');
    for (const part of parts) md5s.update(createHash('md5').update(part).digest());
    expect(completed.ETag).toBe(`"${md5s.digest('hex')}-2"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big/archive.bin' }));
    expect([head.ContentLength, head.Metadata, head.ETag]).toEqual([parts[0]!.length + parts[1]!.length, { kind: 'archive' }, completed.ETag]);
    const tail = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big/archive.bin', Range: `bytes=${parts[0]!.length}-` }));
    expect(Buffer.from(await tail.Body!.transformToByteArray()).equals(parts[1]!)).toBe(true);
    expect(readdirSync(join(server.dataDir, 's3-uploads'))).not.toContain(uploadId);
    await expect(s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'big/archive.bin', UploadId: uploadId }))).rejects.toMatchObject({ name: 'NoSuchUpload', $metadata: { httpStatusCode: 404 } });
  });

  it('aborts a multipart upload: its parts are gone and its id no longer works', async () => {
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big/aborted.bin' }));
    await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big/aborted.bin', UploadId: created.UploadId, PartNumber: 1, Body: 'part' }));
    expect((await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'big/aborted.bin', UploadId: created.UploadId }))).$metadata.httpStatusCode).toBe(204);
    expect(readdirSync(join(server.dataDir, 's3-uploads'))).not.toContain(created.UploadId);
    await expect(s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big/aborted.bin', UploadId: created.UploadId, PartNumber: 2, Body: 'x' }))).rejects.toMatchObject({ name: 'NoSuchUpload' });
    await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big/aborted.bin' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});
