import { createHash } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { AcknowledgeJobCommand, CodePipelineClient, CreateCustomActionTypeCommand, CreatePipelineCommand, PollForJobsCommand, type Job } from '@aws-sdk/client-codepipeline';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { codeCommitSource, declaration, hostedRepository } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { eventually } from '../../actions/kit/wait.js';

const customType = { category: 'Deploy' as const, owner: 'Custom' as const, provider: 'Signed', version: '1' };

/**
 * The artifact endpoint (/s3) in iam mode: a job worker reads and writes its job's artifacts with the
 * artifactCredentials of its hand-out (header-signed, and presigned), and nothing else gets in. S3's
 * refusals: AccessDenied, InvalidAccessKeyId, SignatureDoesNotMatch (S3 API reference, Error responses).
 */
describe('SigV4 on the artifact endpoint (--auth iam)', () => {
  let server: TestServer & { close(): Promise<void> };
  let client: CodePipelineClient;
  let job: Job;

  beforeAll(async () => {
    server = await startTestServer({
      configure: (config) => {
        config.auth = 'iam';
      },
    });
    const root = server.rootCredentials!;
    client = new CodePipelineClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: root });
    await hostedRepository(server.dataDir, 'app', { 'app.txt': 'app\n' });
    await client.send(new CreateCustomActionTypeCommand({ ...customType, inputArtifactDetails: { minimumCount: 1, maximumCount: 1 }, outputArtifactDetails: { minimumCount: 0, maximumCount: 1 } }));
    await client.send(
      new CreatePipelineCommand({
        pipeline: declaration('signed', [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'Work', actions: [{ name: 'Custom', actionTypeId: customType, inputArtifacts: [{ name: 'Src' }], outputArtifacts: [{ name: 'Made' }] }] },
        ]),
      }),
    );
    job = await eventually(async () => (await client.send(new PollForJobsCommand({ actionTypeId: customType }))).jobs?.[0], 'the custom job');
    await client.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: job.nonce }));
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('lets the job worker read its input with the hand-out credentials, header-signed and presigned', async () => {
    const credentials = job.data!.artifactCredentials!;
    const input = job.data!.inputArtifacts![0]!.location!.s3Location!;
    const s3 = server.s3({ accessKeyId: credentials.accessKeyId!, secretAccessKey: credentials.secretAccessKey!, sessionToken: credentials.sessionToken! });
    const body = await (await s3.send(new GetObjectCommand({ Bucket: input.bucketName, Key: input.objectKey }))).Body!.transformToByteArray();
    expect(Buffer.from(body).subarray(0, 2).toString()).toBe('PK');

    const signer = new SignatureV4({ credentials: { accessKeyId: credentials.accessKeyId!, secretAccessKey: credentials.secretAccessKey!, sessionToken: credentials.sessionToken! }, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false });
    const url = new URL(`${server.url}/s3/${input.bucketName}/${input.objectKey}`);
    const presigned = await signer.presign({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }, { expiresIn: 300 });
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const fetched = await fetch(`${url.toString()}?${query}`);
    expect(fetched.status, await fetched.clone().text()).toBe(200);
    const tampered = await fetch(`${url.toString()}?${query.replace(/X-Amz-Expires=300/, 'X-Amz-Expires=600')}`);
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('checks every chunk of a body signed chunk by chunk, and refuses a tampered one', async () => {
    const credentials = job.data!.artifactCredentials!;
    const output = job.data!.outputArtifacts![0]!.location!.s3Location!;
    const url = new URL(`${server.url}/s3/${output.bucketName}/${output.objectKey}`);
    const session = { accessKeyId: credentials.accessKeyId!, secretAccessKey: credentials.secretAccessKey!, sessionToken: credentials.sessionToken! };
    const zip = await zipOf({ 'made.txt': 'made\n' });
    const tampered = await chunkedPut(url, session, zip, true);
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const accepted = await chunkedPut(url, session, zip, false);
    expect(accepted.status, await accepted.clone().text()).toBe(200);
  });

  it('refuses unsigned requests, unknown keys, wrong secrets and a session key without its token', async () => {
    const credentials = job.data!.artifactCredentials!;
    const input = job.data!.inputArtifacts![0]!.location!.s3Location!;
    const unsigned = await fetch(`${server.url}/s3/${input.bucketName}/${input.objectKey}`);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>AccessDenied</Code><Message>Access Denied</Message>');
    const get = new GetObjectCommand({ Bucket: input.bucketName, Key: input.objectKey });
    await expect(server.s3({ accessKeyId: 'ASIAUNKNOWN000000000', secretAccessKey: 'x', sessionToken: 't' }).send(get)).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    await expect(server.s3({ accessKeyId: credentials.accessKeyId!, secretAccessKey: 'wrong', sessionToken: credentials.sessionToken! }).send(get)).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    await expect(server.s3({ accessKeyId: credentials.accessKeyId!, secretAccessKey: credentials.secretAccessKey! }).send(get)).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    // The artifact session opens the artifact endpoint only, not the API.
    const asApi = new CodePipelineClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: credentials.accessKeyId!, secretAccessKey: credentials.secretAccessKey!, sessionToken: credentials.sessionToken! } });
    await expect(asApi.send(new PollForJobsCommand({ actionTypeId: customType }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    asApi.destroy();
    await expect(
      server.s3({ accessKeyId: credentials.accessKeyId!, secretAccessKey: credentials.secretAccessKey!, sessionToken: credentials.sessionToken! }).send(new PutObjectCommand({ Bucket: input.bucketName, Key: input.objectKey, Body: 'x' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    // The hand-out credentials open the job's artifacts, not the server's buckets.
    const root = server.s3(server.rootCredentials);
    await root.send(new CreateBucketCommand({ Bucket: 'deploy-target' }));
    const session = server.s3({ accessKeyId: credentials.accessKeyId!, secretAccessKey: credentials.secretAccessKey!, sessionToken: credentials.sessionToken! });
    await expect(session.send(new PutObjectCommand({ Bucket: 'deploy-target', Key: 'index.html', Body: 'x' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(session.send(new ListBucketsCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(root.send(new PutObjectCommand({ Bucket: 'deploy-target', Key: 'index.html', Body: 'x' }))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });
});

async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [path, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), path);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A PUT signed chunk by chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), as the S3 API reference describes:
 * the headers' signature seeds a chain of chunk signatures. `tamper` changes a byte after signing.
 */
async function chunkedPut(url: URL, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string }, data: Buffer, tamper: boolean): Promise<Response> {
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false });
  const signingDate = new Date();
  const chunkHeader = (size: number, signature: string) => `${size.toString(16)};chunk-signature=${signature}\r\n`;
  const encodedLength = chunkHeader(data.length, '0'.repeat(64)).length + data.length + 2 + chunkHeader(0, '0'.repeat(64)).length + 2;
  const signed = await signer.sign(
    {
      method: 'PUT',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: {
        host: url.host,
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': String(data.length),
        'content-length': String(encodedLength),
      },
    },
    { signingDate },
  );
  const seed = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization ?? '')?.[1] ?? '';
  const scope = `${signed.headers['x-amz-date']?.slice(0, 8) ?? ''}/us-east-1/s3/aws4_request`;
  const emptyHash = createHash('sha256').update('').digest('hex');
  const chunkSignature = (previous: string, chunk: Buffer) =>
    signer.sign(['AWS4-HMAC-SHA256-PAYLOAD', signed.headers['x-amz-date'], scope, previous, emptyHash, createHash('sha256').update(chunk).digest('hex')].join('\n'), { signingDate });
  const first = await chunkSignature(seed, data);
  const last = await chunkSignature(first, Buffer.alloc(0));
  const sent = Buffer.from(data);
  if (tamper) sent[sent.length - 1] = (sent[sent.length - 1] ?? 0) ^ 1;
  const body = Buffer.concat([Buffer.from(chunkHeader(data.length, first)), sent, Buffer.from('\r\n'), Buffer.from(chunkHeader(0, last)), Buffer.from('\r\n')]);
  const headers = { ...signed.headers };
  delete headers.host;
  return fetch(url, { method: 'PUT', headers, body });
}
