import { Sha256 } from '@aws-crypto/sha256-js';
import { AcknowledgeJobCommand, CodePipelineClient, CreateCustomActionTypeCommand, CreatePipelineCommand, PollForJobsCommand, type Job } from '@aws-sdk/client-codepipeline';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository } from '../../kit/pipelines.js';
import { startActionServer, type ActionServer } from '../../actions/kit/action-server.js';
import { eventually } from '../../actions/kit/wait.js';

const customType = { category: 'Deploy' as const, owner: 'Custom' as const, provider: 'Signed', version: '1' };

/**
 * The artifact endpoint (/s3) in iam mode: a job worker reads and writes its job's artifacts with the
 * artifactCredentials of its hand-out (header-signed, and presigned), and nothing else gets in. S3's
 * refusals: AccessDenied, InvalidAccessKeyId, SignatureDoesNotMatch (S3 API reference, Error responses).
 */
describe('SigV4 on the artifact endpoint (--auth iam)', () => {
  let server: ActionServer & { close(): Promise<void> };
  let client: CodePipelineClient;
  let job: Job;

  beforeAll(async () => {
    server = await startActionServer({
      configure: (config) => {
        config.auth = 'iam';
      },
    });
    const root = server.rootCredentials!;
    client = new CodePipelineClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: root });
    await hostedRepository(server.dataDir, 'app', { 'app.txt': 'app\n' });
    await client.send(new CreateCustomActionTypeCommand({ ...customType, inputArtifactDetails: { minimumCount: 1, maximumCount: 1 }, outputArtifactDetails: { minimumCount: 0, maximumCount: 0 } }));
    await client.send(
      new CreatePipelineCommand({
        pipeline: declaration('signed', [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'Work', actions: [{ name: 'Custom', actionTypeId: customType, inputArtifacts: [{ name: 'Src' }] }] },
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
    expect(fetched.status).toBe(200);
    const tampered = await fetch(`${url.toString()}?${query.replace(/X-Amz-Expires=300/, 'X-Amz-Expires=600')}`);
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
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
  });
});
