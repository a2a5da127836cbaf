import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIamTestServer, type Credentials, type IamTestServer } from '../identity/iam-test-server.js';

const run = promisify(execFile);

/** Debian's AWS CLI (package awscli, installed by .ci/run): the tool buildspecs run. */
const awsCli = '/usr/bin/aws';

/**
 * The real AWS CLI's `s3` commands against S3's API at /s3 on a server in iam mode, with an IAM user's
 * access key: `cp --recursive` (a file over the CLI's 8 MB multipart threshold goes up in parts), `ls`,
 * `sync` both ways (downloads of large files are ranged GETs), `rm --recursive`, and a bucket the user's
 * policy denies, which fails with AccessDenied as on AWS (AWS CLI Command Reference, `aws s3`;
 * S3 API reference, Error responses).
 */
describe('the AWS CLI s3 commands against Pipewright (--auth iam)', { timeout: 300_000 }, () => {
  let server: IamTestServer;
  let workDir: string;
  let env: NodeJS.ProcessEnv;
  let builder: Credentials;
  const bigFile = randomBytes(9 * 1024 * 1024 + 123);

  beforeAll(async () => {
    expect(existsSync(awsCli), 'Debian awscli is installed (.ci/run installs it)').toBe(true);
    server = await startIamTestServer();
    const iam = server.iam(server.root);
    await iam.send(new CreateUserCommand({ UserName: 'builder' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:s3:::web-site', 'arn:aws:s3:::web-site/*', 'arn:aws:s3:::web-site-copy', 'arn:aws:s3:::web-site-copy/*'] },
        { Effect: 'Allow', Action: ['s3:ListAllMyBuckets'], Resource: '*' },
        { Effect: 'Deny', Action: ['s3:*'], Resource: ['arn:aws:s3:::locked-bucket', 'arn:aws:s3:::locked-bucket/*'] },
      ],
    };
    await iam.send(new PutUserPolicyCommand({ UserName: 'builder', PolicyName: 'site', PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'builder' }))).AccessKey!;
    builder = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };

    workDir = mkdtempSync(join(tmpdir(), 'pipewright-aws-s3-'));
    // Path-style addressing, as against any S3-compatible endpoint; the multipart threshold is the CLI's default (8 MB).
    writeFileSync(join(workDir, 'config'), ['[default]', 'region = us-east-1', 's3 =', '    addressing_style = path', '    multipart_threshold = 8MB', '    multipart_chunksize = 8MB', ''].join('\n'));
    env = {
      PATH: process.env.PATH,
      HOME: workDir,
      AWS_CONFIG_FILE: join(workDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      AWS_MAX_ATTEMPTS: '1',
    };
    // The bucket exists before the build writes to it, as a deploy bucket would.
    const made = await aws(server.root, 's3', 'mb', 's3://web-site');
    expect(made.code, made.stderr).toBe(0);
    await aws(server.root, 's3', 'mb', 's3://locked-bucket');
  });
  afterAll(async () => {
    await server.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  async function aws(credentials: Credentials, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const withKeys = { ...env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
      const { stdout, stderr } = await run(awsCli, [...args, '--endpoint-url', `${server.url}/s3`], { env: withKeys, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  function writeTree(root: string, files: Record<string, string | Buffer>): void {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
  }

  it('uploads a build folder with cp --recursive (the large file in parts) and lists it with ls', async () => {
    const build = join(workDir, 'build');
    writeTree(build, { 'index.html': '<h1>v1</h1>\n', 'css/site.css': 'body{}\n', 'js/app.js': 'console.log(1)\n', 'assets/big.bin': bigFile });
    const copied = await aws(builder, 's3', 'cp', build, 's3://web-site/', '--recursive');
    expect(copied.code, copied.stderr).toBe(0);

    const s3 = server.s3(builder);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'web-site' }));
    expect(listed.Contents?.map((entry) => entry.Key)).toEqual(['assets/big.bin', 'css/site.css', 'index.html', 'js/app.js']);
    // Over the threshold, the CLI uploaded in two 8 MB-or-less parts: S3's multipart ETag ends in -2.
    const big = await s3.send(new HeadObjectCommand({ Bucket: 'web-site', Key: 'assets/big.bin' }));
    expect([big.ContentLength, /^"[0-9a-f]{32}-2"$/.test(big.ETag ?? '')]).toEqual([bigFile.length, true]);
    const html = await s3.send(new HeadObjectCommand({ Bucket: 'web-site', Key: 'index.html' }));
    // The CLI guesses the content type from the file name and sends it; it is kept.
    expect(html.ContentType).toBe('text/html');

    const top = await aws(builder, 's3', 'ls', 's3://web-site/');
    expect(top.code, top.stderr).toBe(0);
    expect(top.stdout).toMatch(/PRE assets\/\n/);
    expect(top.stdout).toMatch(/PRE css\/\n/);
    expect(top.stdout).toMatch(/\s12 index.html\n/);
    const buckets = await aws(builder, 's3', 'ls');
    expect(buckets.stdout).toContain('web-site');
  });

  it('syncs changes up (with --delete) and the bucket down, byte for byte', async () => {
    const build = join(workDir, 'build');
    writeTree(build, { 'index.html': '<h1>version two</h1>\n', 'about.html': '<p>about</p>\n' });
    rmSync(join(build, 'css'), { recursive: true });
    const synced = await aws(builder, 's3', 'sync', build, 's3://web-site/', '--delete');
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toContain('upload: ');
    expect(synced.stdout).toContain('delete: s3://web-site/css/site.css');
    expect(synced.stdout).not.toContain('assets/big.bin');

    const download = join(workDir, 'download');
    const down = await aws(builder, 's3', 'sync', 's3://web-site', download);
    expect(down.code, down.stderr).toBe(0);
    expect(readFileSync(join(download, 'index.html'), 'utf8')).toBe('<h1>version two</h1>\n');
    expect(readFileSync(join(download, 'about.html'), 'utf8')).toBe('<p>about</p>\n');
    expect(existsSync(join(download, 'css', 'site.css'))).toBe(false);
    const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
    expect(md5(readFileSync(join(download, 'assets', 'big.bin')))).toBe(md5(bigFile));

    const single = await aws(builder, 's3', 'cp', 's3://web-site/about.html', join(workDir, 'about-copy.html'));
    expect(single.code, single.stderr).toBe(0);
    expect(readFileSync(join(workDir, 'about-copy.html'), 'utf8')).toBe('<p>about</p>\n');
  });

  it('removes a prefix with rm --recursive', async () => {
    const removed = await aws(builder, 's3', 'rm', 's3://web-site/js', '--recursive');
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('delete: s3://web-site/js/app.js');
    const listing = await aws(builder, 's3', 'ls', 's3://web-site', '--recursive');
    expect(listing.stdout).not.toContain('js/app.js');
    expect(listing.stdout).toContain('about.html');
  });

  it('fails with AccessDenied where the policy denies, and for a missing key with a 404', async () => {
    writeFileSync(join(workDir, 'secret.txt'), 'no\n');
    const denied = await aws(builder, 's3', 'cp', join(workDir, 'secret.txt'), 's3://locked-bucket/secret.txt');
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('AccessDenied');
    const listDenied = await aws(builder, 's3', 'ls', 's3://locked-bucket/');
    expect(listDenied.code).not.toBe(0);
    expect(listDenied.stderr).toContain('AccessDenied');
    const missing = await aws(builder, 's3', 'cp', 's3://web-site/nothing-here.txt', join(workDir, 'nothing.txt'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/404|Not Found/);
    const head = await aws(builder, 's3api', 'head-object', '--bucket', 'web-site', '--key', 'about.html');
    expect(head.code, head.stderr).toBe(0);
    expect(JSON.parse(head.stdout)).toMatchObject({ ContentLength: 13 });
  });
  // `aws s3 cp` between buckets copies an object above the multipart threshold with UploadPartCopy,
  // part by part with x-amz-copy-source-range (S3 API reference, UploadPartCopy).
  it('copies a large object between buckets in parts (UploadPartCopy), byte for byte', async () => {
    const made = await aws(builder, 's3', 'mb', 's3://web-site-copy');
    expect(made.code, made.stderr).toBe(0);
    const copied = await aws(builder, 's3', 'cp', 's3://web-site/assets/big.bin', 's3://web-site-copy/big.bin', '--debug');
    expect(copied.code, copied.stderr.slice(-3000)).toBe(0);
    expect(copied.stderr).toContain('UploadPartCopy');
    expect(copied.stderr).toMatch(/x-amz-copy-source-range': b?'bytes=0-8388607'/);
    const back = join(workDir, 'big-copy.bin');
    const down = await aws(builder, 's3', 'cp', 's3://web-site-copy/big.bin', back);
    expect(down.code, down.stderr).toBe(0);
    const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
    expect(md5(readFileSync(back))).toBe(md5(bigFile));
    const head = await server.s3(builder).send(new HeadObjectCommand({ Bucket: 'web-site-copy', Key: 'big.bin' }));
    expect(/^"[0-9a-f]{32}-2"$/.test(head.ETag ?? ''), head.ETag).toBe(true);
  });

  // A bucket with ACLs disabled (S3's default, "bucket owner enforced") takes no ACL or one giving the
  // owner full control, and refuses others with AccessControlListNotSupported (Amazon S3 User Guide,
  // Object Ownership "Troubleshooting").
  it('takes --acl private and bucket-owner-full-control, refuses --acl public-read as a bucket with ACLs disabled does', async () => {
    writeFileSync(join(workDir, 'acl.txt'), 'acl\n');
    for (const acl of ['private', 'bucket-owner-full-control']) {
      const put = await aws(builder, 's3', 'cp', join(workDir, 'acl.txt'), `s3://web-site/acl-${acl}.txt`, '--acl', acl);
      expect(put.code, put.stderr).toBe(0);
    }
    const refused = await aws(builder, 's3', 'cp', join(workDir, 'acl.txt'), 's3://web-site/public.txt', '--acl', 'public-read');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/An error occurred \(AccessControlListNotSupported\) when calling the PutObject operation.*: The bucket does not allow ACLs/);
    const api = await aws(builder, 's3api', 'put-object', '--bucket', 'web-site', '--key', 'granted.txt', '--body', join(workDir, 'acl.txt'), '--grant-read', 'uri=http://acs.amazonaws.com/groups/global/AllUsers');
    expect(api.code).not.toBe(0);
    expect(api.stderr).toContain('AccessControlListNotSupported');
    const tagged = await aws(builder, 's3api', 'put-object', '--bucket', 'web-site', '--key', 'tagged.txt', '--body', join(workDir, 'acl.txt'), '--tagging', 'team=web');
    expect(tagged.code).not.toBe(0);
    expect(tagged.stderr).toContain('NotImplemented');
    const listing = await aws(builder, 's3', 'ls', 's3://web-site/');
    expect(listing.stdout).toContain('acl-private.txt');
    expect(listing.stdout).not.toMatch(/public\.txt|granted\.txt|tagged\.txt/);
  });

  // DeleteBucket: BucketNotEmpty (409) while objects remain (S3 API reference, DeleteBucket; Error responses).
  it('removes a bucket with rb once it is empty, and refuses while objects remain', async () => {
    const notEmpty = await aws(builder, 's3', 'rb', 's3://web-site-copy');
    expect(notEmpty.code).not.toBe(0);
    expect(notEmpty.stderr).toMatch(/An error occurred \(BucketNotEmpty\) when calling the DeleteBucket operation.*: The bucket you tried to delete is not empty/);
    const forced = await aws(builder, 's3', 'rb', 's3://web-site-copy', '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('remove_bucket: web-site-copy');
    const buckets = await aws(builder, 's3', 'ls');
    expect(buckets.stdout).not.toContain('web-site-copy');
    const again = await aws(builder, 's3', 'rb', 's3://web-site-copy');
    expect(again.stderr).toContain('NoSuchBucket');
  });
});
