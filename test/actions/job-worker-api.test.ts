import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AcknowledgeJobCommand,
  CreateCustomActionTypeCommand,
  CreatePipelineCommand,
  GetJobDetailsCommand,
  PollForJobsCommand,
  PutJobSuccessResultCommand,
  type Job,
} from '@aws-sdk/client-codepipeline';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ZipFile } from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, stage, waitForExecution, waitForState } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { actionRuns, latestExecutionId } from './kit/executions.js';
import { eventually } from './kit/wait.js';

const customType = { category: 'Deploy' as const, owner: 'Custom' as const, provider: 'Protocol', version: '1' };
const kmsKey = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [path, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), path);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The job-worker protocol spoken directly with the AWS SDK, and the artifact endpoint with the S3 SDK and plain HTTP. */
describe('the job-worker API and the artifact endpoint', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'app', { 'app.txt': 'app\n' });
    await server.client.send(
      new CreateCustomActionTypeCommand({
        ...customType,
        configurationProperties: [{ name: 'Target', required: true, key: true, secret: false }],
        inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
        outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      }),
    );
  });

  afterAll(async () => {
    await server.close();
  });

  async function pipelineWithJob(name: string): Promise<{ executionId: string; job: Job }> {
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(
          name,
          [
            { name: 'Source', actions: [codeCommitSource('app')] },
            { name: 'Work', actions: [{ name: 'Custom', actionTypeId: customType, configuration: { Target: name }, inputArtifacts: [{ name: 'Src' }], outputArtifacts: [{ name: 'Made' }] }] },
            {
              name: 'Publish',
              actions: [{ name: 'Site', actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' }, configuration: { BucketName: name, Extract: 'true' }, inputArtifacts: [{ name: 'Made' }] }],
            },
          ],
          { artifactStore: { type: 'S3', location: 'pipewright-artifacts', encryptionKey: { id: kmsKey, type: 'KMS' } } },
        ),
      }),
    );
    const executionId = await latestExecutionId(server.client, name);
    const job = await eventually(async () => {
      const { jobs } = await server.client.send(new PollForJobsCommand({ actionTypeId: customType, queryParam: {} }));
      return jobs?.find((candidate) => candidate.data?.actionConfiguration?.configuration?.Target === name);
    }, `the job of ${name}`);
    await server.client.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: job.nonce }));
    return { executionId, job };
  }

  it('hands out the job data AWS does, and serves its artifacts over S3', async () => {
    const { job } = await pipelineWithJob('artifacts');
    const data = job.data!;
    expect(data.actionTypeId).toEqual(customType);
    expect(data.pipelineContext).toMatchObject({ pipelineName: 'artifacts', stage: { name: 'Work' }, action: { name: 'Custom' }, pipelineArn: 'arn:aws:codepipeline:us-east-1:123456789012:artifacts' });
    expect(data.encryptionKey).toEqual({ id: kmsKey, type: 'KMS' });
    expect(data.artifactCredentials?.accessKeyId).toMatch(/^ASIA[0-9A-F]{16}$/);
    const input = data.inputArtifacts![0]!.location!.s3Location!;
    const output = data.outputArtifacts![0]!.location!.s3Location!;
    expect(output.objectKey).toMatch(/^artifacts\/Made\/[0-9a-f]{7}$/);

    // Fresh credentials each time the job is handed out.
    const details = await server.client.send(new GetJobDetailsCommand({ jobId: job.id }));
    expect(details.jobDetails?.data?.artifactCredentials?.accessKeyId).not.toBe(data.artifactCredentials?.accessKeyId);

    const s3 = server.s3({ accessKeyId: data.artifactCredentials!.accessKeyId, secretAccessKey: data.artifactCredentials!.secretAccessKey, sessionToken: data.artifactCredentials!.sessionToken });
    const head = await s3.send(new HeadObjectCommand({ Bucket: input.bucketName, Key: input.objectKey }));
    const body = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: input.bucketName, Key: input.objectKey }))).Body!.transformToByteArray());
    expect(head.ContentLength).toBe(body.length);
    expect(body.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    // A presigned URL's query string changes nothing: the path names the artifact.
    const presigned = await fetch(`${server.url}/s3/${input.bucketName}/${input.objectKey}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${data.artifactCredentials!.accessKeyId}%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=abc`);
    expect(Buffer.from(await presigned.arrayBuffer()).equals(body)).toBe(true);

    await expect(s3.send(new PutObjectCommand({ Bucket: input.bucketName, Key: input.objectKey, Body: 'x' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(s3.send(new GetObjectCommand({ Bucket: output.bucketName, Key: output.objectKey }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    await expect(s3.send(new GetObjectCommand({ Bucket: 'pipewright-artifacts', Key: 'elsewhere/Src/0000000' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    await expect(s3.send(new PutObjectCommand({ Bucket: output.bucketName, Key: output.objectKey, Body: 'not a zip' }))).rejects.toMatchObject({ name: 'InvalidArgument' });

    // An aws-chunked upload, as the SDKs stream bodies of unknown length.
    const zip = await zipOf({ 'index.html': '<p>made</p>\n' });
    const chunked = Buffer.concat([Buffer.from(`${zip.length.toString(16)}\r\n`), zip, Buffer.from('\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n')]);
    const put = await fetch(`${server.url}/s3/${output.bucketName}/${output.objectKey}`, {
      method: 'PUT',
      headers: { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-decoded-content-length': String(zip.length) },
      body: chunked,
    });
    expect(put.status).toBe(200);
    const uploaded = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: output.bucketName, Key: output.objectKey }))).Body!.transformToByteArray());
    expect(uploaded.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');

    await server.client.send(new PutJobSuccessResultCommand({ jobId: job.id }));
    await expect(s3.send(new GetObjectCommand({ Bucket: input.bucketName, Key: input.objectKey }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    const execution = await waitForExecution(server.client, 'artifacts', (await latestExecutionId(server.client, 'artifacts')));
    expect(execution.status, execution.statusSummary).toBe('Succeeded');
    expect(readFileSync(join(server.dataDir, 'buckets', 'artifacts', 'index.html'), 'utf8')).toBe('<p>made</p>\n');
  });

  it('continues with a new job carrying the token; an upload before the continuation stays the output', async () => {
    const { executionId, job } = await pipelineWithJob('continued');
    const output = job.data!.outputArtifacts![0]!.location!.s3Location!;
    await server.s3().send(new PutObjectCommand({ Bucket: output.bucketName, Key: output.objectKey, Body: await zipOf({ 'status.txt': 'done early\n' }) }));
    await expect(
      server.client.send(new PutJobSuccessResultCommand({ jobId: job.id, continuationToken: 'deploy-42', outputVariables: { A: 'b' } })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await server.client.send(
      new PutJobSuccessResultCommand({ jobId: job.id, continuationToken: 'deploy-42', executionDetails: { summary: 'deploying', percentComplete: 30, externalExecutionId: 'deploy-42' } }),
    );
    await expect(server.client.send(new PutJobSuccessResultCommand({ jobId: job.id }))).rejects.toMatchObject({ name: 'InvalidJobStateException' });

    const states = await waitForState(server.client, 'continued', (stages) => stage(stages, 'Work').actionStates?.[0]?.latestExecution?.percentComplete === 30, 'the progress');
    expect(stage(states, 'Work').actionStates?.[0]?.latestExecution).toMatchObject({ status: 'InProgress', summary: 'deploying', externalExecutionId: 'deploy-42' });
    const next = await eventually(async () => {
      const { jobs } = await server.client.send(new PollForJobsCommand({ actionTypeId: customType }));
      return jobs?.find((candidate) => candidate.data?.continuationToken === 'deploy-42');
    }, 'the continued job');
    expect(next.id).not.toBe(job.id);
    expect(next.data?.outputArtifacts?.[0]?.location?.s3Location).toEqual(output);
    await server.client.send(new AcknowledgeJobCommand({ jobId: next.id, nonce: next.nonce }));
    await server.client.send(new PutJobSuccessResultCommand({ jobId: next.id, outputVariables: { DEPLOYMENT: 'deploy-42' } }));

    const execution = await waitForExecution(server.client, 'continued', executionId);
    expect(execution.status, execution.statusSummary).toBe('Succeeded');
    expect((await actionRuns(server.client, 'continued', executionId)).get('Custom')?.output?.outputVariables).toEqual({ DEPLOYMENT: 'deploy-42' });
    expect(readFileSync(join(server.dataDir, 'buckets', 'continued', 'status.txt'), 'utf8')).toBe('done early\n');
  });

  it('times out a job its worker never answers; a late result is refused and its artifacts are gone', async () => {
    const { executionId, job } = await pipelineWithJob('abandoned-job');
    // Custom actions time out after 24 hours (AWS's default).
    await server.passTime(['abandoned-job'], 24 * 3_600_000 + 60_000);
    const execution = await waitForExecution(server.client, 'abandoned-job', executionId);
    expect(execution.status).toBe('Failed');
    expect((await actionRuns(server.client, 'abandoned-job', executionId)).get('Custom')?.output?.executionResult?.errorDetails).toEqual({
      code: 'TimeoutError',
      message: 'The action did not finish within its timeout of 1440 minutes.',
    });
    await expect(server.client.send(new PutJobSuccessResultCommand({ jobId: job.id }))).rejects.toMatchObject({ name: 'InvalidJobStateException' });
    const input = job.data!.inputArtifacts![0]!.location!.s3Location!;
    // No open job uses the artifact bucket any more, and the object store has no bucket of that name.
    await expect(server.s3().send(new GetObjectCommand({ Bucket: input.bucketName, Key: input.objectKey }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('fails the action when the worker succeeds without uploading a declared output', async () => {
    const { executionId, job } = await pipelineWithJob('forgot-output');
    await server.client.send(new PutJobSuccessResultCommand({ jobId: job.id }));
    const execution = await waitForExecution(server.client, 'forgot-output', executionId);
    expect(execution.status).toBe('Failed');
    expect((await actionRuns(server.client, 'forgot-output', executionId)).get('Custom')?.output?.executionResult?.errorDetails).toEqual({
      code: 'JobFailed',
      message: 'The action finished without producing its output artifact Made.',
    });
  });
});
