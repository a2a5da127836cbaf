import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand, GetPipelineStateCommand, type ActionDeclaration, type StageDeclaration } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractZip } from '../../src/artifacts/zip/extract-zip.js';
import { codeCommitSource, declaration, hostedRepository, stage, waitForExecution, waitForState } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { writeFunction } from './kit/functions.js';
import { actionLog, actionRuns, completeActionLog, latestExecutionId } from './kit/executions.js';

function invoke(name: string, functionName: string, extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return { name, actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' }, configuration: { FunctionName: functionName }, ...extra };
}

function pipeline(name: string, ...stages: StageDeclaration[]) {
  return new CreatePipelineCommand({ pipeline: declaration(name, [{ name: 'Source', actions: [codeCommitSource('app')] }, ...stages]) });
}

/** A function written for AWS with the SDK: reads its input artifact, writes an output artifact, reports variables. */
const packager = `
import { createHash } from 'node:crypto';
import { CodePipelineClient, PutJobSuccessResultCommand, PutJobFailureResultCommand } from '@aws-sdk/client-codepipeline';
import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { fromBufferPromise } from 'yauzl';
import { ZipFile } from 'yazl';

const codepipeline = new CodePipelineClient({});

export async function handler(event, context) {
  const job = event['CodePipeline.job'];
  try {
    const { accessKeyId, secretAccessKey, sessionToken } = job.data.artifactCredentials;
    const s3 = new S3Client({ credentials: { accessKeyId, secretAccessKey, sessionToken } });
    const input = job.data.inputArtifacts[0];
    const object = await s3.send(new GetObjectCommand({ Bucket: input.location.s3Location.bucketName, Key: input.location.s3Location.objectKey }));
    const zip = await fromBufferPromise(Buffer.from(await object.Body.transformToByteArray()), { lazyEntries: true });
    const files = {};
    for await (const entry of zip.eachEntry()) {
      const chunks = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk);
      files[entry.fileName] = Buffer.concat(chunks);
    }
    const digest = createHash('sha256').update(files['app.txt']).digest('hex');
    const out = new ZipFile();
    out.addBuffer(Buffer.from(digest + '\\n'), 'digest.txt');
    out.addBuffer(Buffer.from(job.data.actionConfiguration.configuration.UserParameters), 'params.txt');
    out.end();
    const chunks = [];
    for await (const chunk of out.outputStream) chunks.push(chunk);
    const output = job.data.outputArtifacts[0].location.s3Location;
    await s3.send(new PutObjectCommand({ Bucket: output.bucketName, Key: output.objectKey, Body: Buffer.concat(chunks) }));
    await codepipeline.send(new PutJobSuccessResultCommand({
      jobId: job.id,
      executionDetails: { summary: 'packaged ' + Object.keys(files).length + ' files', externalExecutionId: context.awsRequestId },
      outputVariables: { DIGEST: digest, REVISION: input.revision, FUNCTION: context.functionName },
    }));
  } catch (error) {
    await codepipeline.send(new PutJobFailureResultCommand({ jobId: job.id, failureDetails: { type: 'JobFailed', message: String(error) } }));
  }
}
`;

/** A function that speaks the JSON protocol with plain HTTP, and continues once before it is done. */
const stepper = `
async function call(operation, body) {
  const response = await fetch(process.env.AWS_ENDPOINT_URL_CODEPIPELINE, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CodePipeline_20150709.' + operation },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(operation + ' answered ' + response.status + ' ' + (await response.text()));
}

export const handler = async (event) => {
  const job = event['CodePipeline.job'];
  console.log('continuation token:', job.data.continuationToken ?? 'none');
  if (job.data.continuationToken === undefined) {
    await call('PutJobSuccessResult', { jobId: job.id, continuationToken: 'step-2', executionDetails: { summary: 'halfway', percentComplete: 50 } });
  } else {
    await call('PutJobSuccessResult', { jobId: job.id, outputVariables: { STEPS: '2', TOKEN: job.data.continuationToken } });
  }
};
`;

/**
 * Lambda invoke actions run local functions for real: each invocation in its own process with the
 * CodePipeline.job event, its result reported by the function itself through the job API (the AWS SDK
 * or plain HTTP), its artifacts read and written through the artifact endpoint with the S3 SDK.
 */
describe('Lambda invoke actions', () => {
  let server: TestServer;
  let commit: string;

  beforeAll(async () => {
    server = await startTestServer();
    ({ commit } = await hostedRepository(server.dataDir, 'app', { 'app.txt': 'the app\n', 'README.md': '# app\n' }));
    writeFunction(server.dataDir, 'packager', { 'index.mjs': packager });
    writeFunction(server.dataDir, 'stepper', { 'index.mjs': stepper });
  });

  afterAll(async () => {
    await server.close();
  });

  it('runs a function that reads its input, uploads an output and reports output variables', async () => {
    await server.client.send(
      pipeline(
        'package',
        {
          name: 'Package',
          actions: [invoke('Fn', 'arn:aws:lambda:us-east-1:123456789012:function:packager', { configuration: { FunctionName: 'packager', UserParameters: 'mode=release' }, inputArtifacts: [{ name: 'Src' }], outputArtifacts: [{ name: 'Bundle' }], namespace: 'Fn' })],
        },
        {
          name: 'Store',
          actions: [
            {
              name: 'Archive',
              actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
              configuration: { BucketName: 'archive', Extract: 'false', ObjectKey: 'bundles/#{Fn.REVISION}.zip' },
              inputArtifacts: [{ name: 'Bundle' }],
            },
          ],
        },
      ),
    );
    const executionId = await latestExecutionId(server.client, 'package');
    const execution = await waitForExecution(server.client, 'package', executionId);
    expect(execution.status, execution.statusSummary).toBe('Succeeded');
    const fn = (await actionRuns(server.client, 'package', executionId)).get('Fn');
    const digest = createHash('sha256').update('the app\n').digest('hex');
    expect(fn?.output?.outputVariables).toEqual({ DIGEST: digest, REVISION: commit, FUNCTION: 'packager' });
    expect(fn?.output?.executionResult?.externalExecutionSummary).toBe('packaged 2 files');

    const unpacked = mkdtempSync(join(tmpdir(), 'bundle-'));
    await extractZip(join(server.dataDir, 'buckets', 'archive', 'bundles', `${commit}.zip`), join(unpacked, 'files'), 'the archived bundle');
    expect(readFileSync(join(unpacked, 'files', 'digest.txt'), 'utf8')).toBe(`${digest}\n`);
    expect(readFileSync(join(unpacked, 'files', 'params.txt'), 'utf8')).toBe('mode=release');

    const log = await completeActionLog(server.dataDir, fn!.actionExecutionId!);
    expect(log.filter((line) => line.startsWith('system START RequestId:'))).toHaveLength(1);
    expect(log).toContain('system The function reported success.');
    expect(log.some((line) => /^system REPORT RequestId: \S+ Duration: \d+ ms \(the handler returned\)$/.test(line))).toBe(true);
  });

  it('invokes the function again with the continuation token until it is done', async () => {
    await server.client.send(pipeline('steps', { name: 'Work', actions: [invoke('Fn', 'stepper')] }));
    const executionId = await latestExecutionId(server.client, 'steps');
    const execution = await waitForExecution(server.client, 'steps', executionId);
    expect(execution.status, execution.statusSummary).toBe('Succeeded');
    const fn = (await actionRuns(server.client, 'steps', executionId)).get('Fn');
    expect(fn?.output?.outputVariables).toEqual({ STEPS: '2', TOKEN: 'step-2' });
    const log = await completeActionLog(server.dataDir, fn!.actionExecutionId!);
    expect(log.filter((line) => line.startsWith('system START RequestId:'))).toHaveLength(2);
    expect(log).toContain('stdout continuation token: none');
    expect(log).toContain('stdout continuation token: step-2');
    expect(log).toContain('system The function reported success with a continuation token: the action continues with a new invocation.');
  });

  it('fails the action with the failure the function reports, and with ConfigurationError for a missing function', async () => {
    writeFunction(server.dataDir, 'refuser', {
      'index.js': `
const { CodePipelineClient, PutJobFailureResultCommand } = require('@aws-sdk/client-codepipeline');
exports.handler = (event, context, callback) => {
  new CodePipelineClient({}).send(new PutJobFailureResultCommand({ jobId: event['CodePipeline.job'].id, failureDetails: { type: 'JobFailed', message: 'the smoke test failed' } }))
    .then(() => callback(null, 'reported'), callback);
};
`,
      'package.json': '{"type": "commonjs"}',
    });
    await server.client.send(pipeline('refused', { name: 'Check', actions: [invoke('Smoke', 'refuser'), invoke('Missing', 'not-there')] }));
    const executionId = await latestExecutionId(server.client, 'refused');
    const execution = await waitForExecution(server.client, 'refused', executionId);
    expect(execution.status).toBe('Failed');
    const runs = await actionRuns(server.client, 'refused', executionId);
    expect(runs.get('Smoke')?.output?.executionResult?.errorDetails).toEqual({ code: 'JobFailed', message: 'the smoke test failed' });
    expect(runs.get('Missing')?.output?.executionResult?.errorDetails).toEqual({
      code: 'ConfigurationError',
      message: `No function not-there: Pipewright runs local functions from ${join(server.dataDir, 'functions', 'not-there')}/ (index.mjs or index.js exporting handler).`,
    });
  });

  it('keeps waiting for a function that ended without reporting, until the action times out', async () => {
    writeFunction(server.dataDir, 'forgetful', { 'index.mjs': 'export async function handler() { throw new Error("the database is down"); }\n' });
    writeFunction(server.dataDir, 'sleepy', {
      'index.mjs': 'export function handler() { return new Promise(() => setInterval(() => {}, 1000)); }\n',
      'function.json': JSON.stringify({ Timeout: 1, Environment: { Variables: { STAGE: 'test' } } }),
    });
    await server.client.send(pipeline('silent', { name: 'Work', actions: [invoke('Forgetful', 'forgetful'), invoke('Sleepy', 'sleepy')] }));
    const executionId = await latestExecutionId(server.client, 'silent');
    const forgetfulLog = async () => {
      const { stageStates } = await server.client.send(new GetPipelineStateCommand({ name: 'silent' }));
      const id = stage(stageStates!, 'Work').actionStates?.find((action) => action.actionName === 'Forgetful')?.latestExecution?.actionExecutionId;
      return id === undefined ? [] : actionLog(server.dataDir, id);
    };
    await expect.poll(forgetfulLog, { timeout: 20_000 }).toContain(
      'system The function ended without reporting a result: the action waits for PutJobSuccessResult or PutJobFailureResult, as on AWS.',
    );
    const log = await forgetfulLog();
    expect(log.some((line) => line.startsWith('stderr ERROR\tInvoke Error\t{"errorType":"Error","errorMessage":"the database is down"'))).toBe(true);
    const sleepy = await waitForState(
      server.client,
      'silent',
      (states) => stage(states, 'Work').actionStates?.find((action) => action.actionName === 'Sleepy')?.latestExecution?.actionExecutionId !== undefined,
      'the sleepy function to start',
    );
    const sleepyId = stage(sleepy, 'Work').actionStates!.find((action) => action.actionName === 'Sleepy')!.latestExecution!.actionExecutionId!;
    await expect.poll(() => actionLog(server.dataDir, sleepyId), { timeout: 20_000 }).toContainEqual(expect.stringMatching(/Status: timeout \(Task timed out after 1\.00 seconds\)$/));
    const waiting = await waitForState(server.client, 'silent', () => true, 'the state');
    expect(stage(waiting, 'Work').actionStates?.map((action) => action.latestExecution?.status)).toEqual(['InProgress', 'InProgress']);

    // A day later (the Lambda invoke action's timeout, AWS's quota), the actions have timed out. (The
    // provider's 20-minute reply window runs on the wall clock; lambda-provider.test.ts shortens it.)
    await server.passTime(['silent'], 24 * 60 * 60_000 + 60_000);
    const execution = await waitForExecution(server.client, 'silent', executionId);
    expect(execution.status).toBe('Failed');
    const runs = await actionRuns(server.client, 'silent', executionId);
    expect(runs.get('Forgetful')?.output?.executionResult?.errorDetails?.code).toBe('TimeoutError');
    expect(runs.get('Sleepy')?.output?.executionResult?.errorDetails?.code).toBe('TimeoutError');
  });

  it('passes a LambdaInvoke rule when its function reports success, and a Commands rule when its commands exit 0', async () => {
    writeFunction(server.dataDir, 'gate', {
      'index.mjs': `
import { CodePipelineClient, PutJobSuccessResultCommand, PutJobFailureResultCommand } from '@aws-sdk/client-codepipeline';
export async function handler(event) {
  const job = event['CodePipeline.job'];
  const client = new CodePipelineClient({});
  if (job.data.actionConfiguration.configuration.UserParameters === 'open') {
    await client.send(new PutJobSuccessResultCommand({ jobId: job.id, executionDetails: { summary: 'the gate is open' } }));
  } else {
    await client.send(new PutJobFailureResultCommand({ jobId: job.id, failureDetails: { type: 'JobFailed', message: 'the gate is closed' } }));
  }
}
`,
    });
    const gated = (name: string, position: string, smoke = 'grep -q "the app" app.txt') => ({
      name,
      pipelineType: 'V2' as const,
      roleArn: 'arn:aws:iam::123456789012:role/pipewright-test',
      artifactStore: { type: 'S3' as const, location: 'pipewright-artifacts' },
      stages: [
        { name: 'Source', actions: [codeCommitSource('app')] },
        {
          name: 'Deploy',
          actions: [{ name: 'Site', actionTypeId: { category: 'Deploy' as const, owner: 'AWS' as const, provider: 'S3', version: '1' }, configuration: { BucketName: name, Extract: 'true' }, inputArtifacts: [{ name: 'Src' }] }],
          beforeEntry: {
            conditions: [
              {
                result: 'FAIL' as const,
                rules: [{ name: 'Gate', ruleTypeId: { category: 'Rule' as const, owner: 'AWS' as const, provider: 'LambdaInvoke', version: '1' }, configuration: { FunctionName: 'gate', UserParameters: position } }],
              },
            ],
          },
          onSuccess: {
            conditions: [
              {
                result: 'FAIL' as const,
                rules: [{ name: 'Smoke', ruleTypeId: { category: 'Rule' as const, owner: 'AWS' as const, provider: 'Commands', version: '1' }, commands: [smoke], inputArtifacts: [{ name: 'Src' }] }],
              },
            ],
          },
        },
      ],
    });
    await server.client.send(new CreatePipelineCommand({ pipeline: gated('gate-open', 'open') }));
    await server.client.send(new CreatePipelineCommand({ pipeline: gated('gate-closed', 'closed') }));
    const open = await waitForExecution(server.client, 'gate-open', await latestExecutionId(server.client, 'gate-open'));
    expect(open.status, open.statusSummary).toBe('Succeeded');
    expect(readFileSync(join(server.dataDir, 'buckets', 'gate-open', 'app.txt'), 'utf8')).toBe('the app\n');
    const closed = await waitForExecution(server.client, 'gate-closed', await latestExecutionId(server.client, 'gate-closed'));
    expect(closed.status).toBe('Failed');
    const { stageStates } = await server.client.send(new GetPipelineStateCommand({ name: 'gate-closed' }));
    const gate = stage(stageStates!, 'Deploy').beforeEntryConditionState?.conditionStates?.[0]?.ruleStates?.[0];
    expect(gate?.latestExecution?.status).toBe('Failed');
    expect(gate?.latestExecution?.errorDetails).toEqual({ code: 'JobFailed', message: 'the gate is closed' });
    expect(() => readFileSync(join(server.dataDir, 'buckets', 'gate-closed', 'app.txt'))).toThrow();

    // Deployed, then the smoke test's commands fail: the onSuccess condition fails the stage.
    await server.client.send(new CreatePipelineCommand({ pipeline: gated('smoke-fails', 'open', 'grep -q "another app" app.txt') }));
    const smoked = await waitForExecution(server.client, 'smoke-fails', await latestExecutionId(server.client, 'smoke-fails'));
    expect(smoked.status).toBe('Failed');
    const smokeState = await server.client.send(new GetPipelineStateCommand({ name: 'smoke-fails' }));
    const smoke = stage(smokeState.stageStates!, 'Deploy').onSuccessConditionState?.conditionStates?.[0]?.ruleStates?.[0];
    expect(smoke?.latestExecution?.status).toBe('Failed');
    expect(smoke?.latestExecution?.errorDetails?.message).toContain('exited with status 1');
  });
});

describe('functions and builds on one worker', () => {
  let server: TestServer;

  beforeAll(async () => {
    // One build slot: a function waiting for its report must not take it.
    server = await startTestServer({ configure: (config) => (config.workerConcurrency = 1) });
    await hostedRepository(server.dataDir, 'app', { 'app.txt': 'the app\n', 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - test -f app.txt\n' });
    writeFunction(server.dataDir, 'patient', {
      'index.mjs': `
import { existsSync } from 'node:fs';
import { CodePipelineClient, PutJobSuccessResultCommand } from '@aws-sdk/client-codepipeline';
export async function handler(event) {
  while (!existsSync(process.env.GO_FILE)) await new Promise((resolve) => setTimeout(resolve, 50));
  await new CodePipelineClient({}).send(new PutJobSuccessResultCommand({ jobId: event['CodePipeline.job'].id }));
}
`,
      'function.json': JSON.stringify({ Environment: { Variables: { GO_FILE: join(server.dataDir, 'go') } } }),
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('runs a build while a function waits for its moment', async () => {
    await server.client.send(pipeline('waits', { name: 'Wait', actions: [invoke('Fn', 'patient')] }));
    const waiting = await latestExecutionId(server.client, 'waits');
    await waitForState(server.client, 'waits', (states) => stage(states, 'Wait').actionStates?.[0]?.latestExecution?.status === 'InProgress', 'the function to run');
    await server.client.send(
      pipeline('builds', {
        name: 'Build',
        actions: [{ name: 'Compile', actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' }, configuration: { ProjectName: 'compile' }, inputArtifacts: [{ name: 'Src' }] }],
      }),
    );
    const built = await waitForExecution(server.client, 'builds', await latestExecutionId(server.client, 'builds'));
    expect(built.status, built.statusSummary).toBe('Succeeded');
    expect((await server.client.send(new GetPipelineStateCommand({ name: 'waits' }))).stageStates?.[1]?.latestExecution?.status).toBe('InProgress');
    writeFileSync(join(server.dataDir, 'go'), '');
    expect((await waitForExecution(server.client, 'waits', waiting)).status).toBe('Succeeded');
  });
});
