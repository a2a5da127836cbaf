import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CopyObjectCommand, CreateBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIamTestServer, type IamTestServer } from '../identity/iam-test-server.js';

/**
 * Each S3 operation is authorized on its own IAM action and resource (Service Authorization Reference,
 * "Actions defined by Amazon S3": GetObject → s3:GetObject on the object, ListObjectsV2 → s3:ListBucket
 * on the bucket, DeleteObjects → s3:DeleteObject on each key, CopyObject → s3:GetObject on the source and
 * s3:PutObject on the target). A refused request is S3's AccessDenied, 403, and changes nothing.
 */
describe('S3 operations under IAM policies (--auth iam)', () => {
  let server: IamTestServer;
  let root: S3Client;
  let reader: S3Client;

  beforeAll(async () => {
    server = await startIamTestServer();
    root = server.s3(server.root);
    await root.send(new CreateBucketCommand({ Bucket: 'releases' }));
    await root.send(new CreateBucketCommand({ Bucket: 'private-bucket' }));
    for (const key of ['v1/app.zip', 'v1/notes.txt', 'keep/readme.txt']) await root.send(new PutObjectCommand({ Bucket: 'releases', Key: key, Body: key }));
    await root.send(new PutObjectCommand({ Bucket: 'private-bucket', Key: 'secret.txt', Body: 'secret' }));

    const iam = server.iam(server.root);
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::releases', 'arn:aws:s3:::releases/*'] },
        { Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: ['arn:aws:s3:::releases/v1/*'] },
      ],
    };
    await iam.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'releases', PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
    reader = server.s3({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  });
  afterAll(async () => {
    await server.close();
  });

  it('allows what the policy allows and refuses the rest with AccessDenied', async () => {
    expect(await (await reader.send(new GetObjectCommand({ Bucket: 'releases', Key: 'keep/readme.txt' }))).Body!.transformToString()).toBe('keep/readme.txt');
    expect((await reader.send(new ListObjectsV2Command({ Bucket: 'releases' }))).KeyCount).toBe(3);
    await expect(reader.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'secret.txt' }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await expect(reader.send(new ListObjectsV2Command({ Bucket: 'private-bucket' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(reader.send(new PutObjectCommand({ Bucket: 'releases', Key: 'keep/readme.txt', Body: 'changed' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(reader.send(new DeleteObjectCommand({ Bucket: 'releases', Key: 'keep/readme.txt' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(reader.send(new CreateBucketCommand({ Bucket: 'new-bucket' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(await (await root.send(new GetObjectCommand({ Bucket: 'releases', Key: 'keep/readme.txt' }))).Body!.transformToString()).toBe('keep/readme.txt');
  });

  it('needs s3:GetObject on the source of a copy, and s3:PutObject on its target', async () => {
    await expect(reader.send(new CopyObjectCommand({ Bucket: 'releases', Key: 'v1/stolen.txt', CopySource: 'private-bucket/secret.txt' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(reader.send(new CopyObjectCommand({ Bucket: 'releases', Key: 'keep/copy.txt', CopySource: 'releases/v1/notes.txt' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(reader.send(new CopyObjectCommand({ Bucket: 'releases', Key: 'v1/copy.txt', CopySource: 'releases/keep/readme.txt' }))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
    await expect(root.send(new GetObjectCommand({ Bucket: 'releases', Key: 'v1/stolen.txt' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('checks s3:DeleteObject key by key in DeleteObjects, deleting the allowed keys and reporting the others', async () => {
    const result = await reader.send(new DeleteObjectsCommand({ Bucket: 'releases', Delete: { Objects: [{ Key: 'v1/app.zip' }, { Key: 'keep/readme.txt' }] } }));
    expect(result.Deleted?.map((entry) => entry.Key)).toEqual(['v1/app.zip']);
    expect(result.Errors).toEqual([expect.objectContaining({ Key: 'keep/readme.txt', Code: 'AccessDenied' })]);
    const left = await root.send(new ListObjectsV2Command({ Bucket: 'releases' }));
    expect(left.Contents?.map((entry) => entry.Key)).toEqual(['keep/readme.txt', 'v1/copy.txt', 'v1/notes.txt']);
  });
});
