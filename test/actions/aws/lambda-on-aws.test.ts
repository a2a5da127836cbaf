import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodePipelineClient, CreatePipelineCommand, PutJobFailureResultCommand, PutJobSuccessResultCommand, type ActionDeclaration } from '@aws-sdk/client-codepipeline';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { actionRuns, latestExecutionId } from '../kit/executions.js';
import { startFakeLambda, type FakeLambda } from './kit/lambda-endpoint.js';

// The event of the Lambda Developer Guide, "Using AWS Lambda with AWS CodePipeline" (see fixtures/aws-actions/lambda/SOURCE.md).
const documentedEvent = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/aws-actions/lambda/codepipeline-job-event.json'), 'utf8')) as Record<string, unknown>;

/** The paths of an event's fields (arrays by their first element, null fields left out): its shape. */
function shape(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [`${path}[]`] : shape(value[0], `${path}[]`);
  if (typeof value !== 'object' || value === null) return [path];
  return Object.entries(value).flatMap(([key, field]) => (field === null ? [] : shape(field, `${path}/${key}`)));
}

interface JobEvent {
  id: string;
  data: { actionConfiguration: { configuration: Record<string, string> }; artifactCredentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
    outputArtifacts: { location: { s3Location: { bucketName: string; objectKey: string } } }[];
    continuationToken?: string;
  };
}

function invoke(name: string, functionName: string, extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return { name, actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' }, configuration: { FunctionName: functionName }, ...extra };
}

/**
 * Lambda invoke actions whose functions live on AWS Lambda (PIPEWRIGHT_AWS_LAMBDA_FUNCTIONS), through the
 * AWS SDK against a Lambda on loopback (REST-JSON) reached with AWS_ENDPOINT_URL_LAMBDA. As AWS documents:
 * CodePipeline invokes the function asynchronously with the `CodePipeline.job` event, and "there must be a
 * call to either the PutJobSuccessResult API or PutJobFailureResult API" (Lambda invoke action reference);
 * each function here makes that call with the real SDK, back to the Pipewright server, signed with the
 * event's artifactCredentials, as a function on AWS configured with AWS_ENDPOINT_URL_CODEPIPELINE does.
 */
describe('Lambda invoke actions on AWS Lambda', () => {
  let server: TestServer;
  let lambda: FakeLambda;
  // Copies of the credentials: the SDK marks the object it is given, and the recorded event must stay as sent.
  const jobApi = (job: JobEvent) => new CodePipelineClient({ endpoint: server.url, region: 'us-east-1', credentials: { ...job.data.artifactCredentials }, maxAttempts: 1 });
  const jobOf = (event: Record<string, unknown>) => event['CodePipeline.job'] as JobEvent;

  beforeAll(async () => {
    lambda = await startFakeLambda();
    lambda.deploy('my-function', async (event) => {
      const job = jobOf(event);
      // Its output artifact, a zip, where the event says, with the event's artifact credentials.
      const zip = new ZipFile();
      zip.addBuffer(Buffer.from('checked\n'), 'report.txt');
      zip.end();
      const chunks: Buffer[] = [];
      for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
      const output = job.data.outputArtifacts[0]!.location.s3Location;
      await server.s3({ ...job.data.artifactCredentials }).send(new PutObjectCommand({ Bucket: output.bucketName, Key: output.objectKey, Body: Buffer.concat(chunks) }));
      await jobApi(job).send(
        new PutJobSuccessResultCommand({
          jobId: job.id,
          executionDetails: { summary: 'checked', externalExecutionId: 'run-1' },
          outputVariables: { KEY: (JSON.parse(job.data.actionConfiguration.configuration.UserParameters ?? '{}') as { KEY: string }).KEY },
        }),
      );
    });
    lambda.deploy('stepper', async (event) => {
      const job = jobOf(event);
      if (job.data.continuationToken === undefined) {
        await jobApi(job).send(new PutJobSuccessResultCommand({ jobId: job.id, continuationToken: 'step-2', executionDetails: { summary: 'halfway', percentComplete: 50 } }));
      } else {
        await jobApi(job).send(new PutJobSuccessResultCommand({ jobId: job.id, outputVariables: { TOKEN: job.data.continuationToken } }));
      }
    });
    lambda.deploy('refuser', async (event) => {
      const job = jobOf(event);
      await jobApi(job).send(new PutJobFailureResultCommand({ jobId: job.id, failureDetails: { type: 'JobFailed', message: 'Integration tests failed' } }));
    });
    process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.url;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOOPBACKTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback-secret';
    lambda.deploy('gate', async (event) => {
      const job = jobOf(event);
      await jobApi(job).send(new PutJobSuccessResultCommand({ jobId: job.id, executionDetails: { summary: 'the gate is open' } }));
    });
    process.env.PIPEWRIGHT_AWS_LAMBDA_FUNCTIONS = 'my-function, stepper, refuser, missing, gate';
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'app', { 'app.txt': 'hello\n' });
  });
  afterAll(async () => {
    delete process.env.PIPEWRIGHT_AWS_LAMBDA_FUNCTIONS;
    await server.close();
    await lambda.close();
  });

  it('invokes the function asynchronously with the documented CodePipeline.job event, and takes its PutJobSuccessResult', async () => {
    const pipelineName = 'lambda-on-aws';
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('app')] },
          {
            name: 'Check',
            actions: [
              invoke('Check', 'arn:aws:lambda:us-east-1:123456789012:function:my-function', {
                configuration: { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:my-function', UserParameters: '{"KEY": "VALUE"}' },
                inputArtifacts: [{ name: 'Src' }],
                outputArtifacts: [{ name: 'invokeOutput' }],
                namespace: 'Check',
              }),
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Succeeded');
    const invocation = lambda.invocations.find((candidate) => candidate.functionName === 'my-function');
    expect(invocation?.invocationType).toBe('Event');
    // Every field of the documented event, but expirationTime, which CodePipeline's own API shape (AWSSessionCredentials) lacks.
    expect(shape(invocation?.event).sort()).toEqual(shape(documentedEvent).filter((path) => !path.endsWith('/expirationTime')).sort());
    const run = (await actionRuns(server.client, pipelineName, executionId)).get('Check');
    expect(jobOf(invocation!.event).data.actionConfiguration.configuration.UserParameters).toBe('{"KEY": "VALUE"}');
    expect(run?.output?.outputVariables).toEqual({ KEY: 'VALUE' });
    expect(run?.output?.executionResult?.externalExecutionSummary).toBe('checked');
    expect(run?.output?.outputArtifacts?.map((artifact) => artifact.name)).toEqual(['invokeOutput']);
    expect(lambda.failures).toEqual([]);
  });

  it('invokes the function again with the continuation token it reported', async () => {
    const pipelineName = 'lambda-on-aws-continues';
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'Step', actions: [invoke('Step', 'stepper')] },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Succeeded');
    const tokens = lambda.invocations.filter((candidate) => candidate.functionName === 'stepper').map((candidate) => jobOf(candidate.event).data.continuationToken ?? 'none');
    expect(tokens).toEqual(['none', 'step-2']);
    expect((await actionRuns(server.client, pipelineName, executionId)).get('Step')?.output?.outputVariables).toEqual({ TOKEN: 'step-2' });
  });

  it("fails with the function's PutJobFailureResult, and with Lambda's ResourceNotFoundException for a function that does not exist", async () => {
    const pipelineName = 'lambda-on-aws-fails';
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'Test', actions: [invoke('Refuses', 'refuser'), invoke('Missing', 'missing')] },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Failed');
    const runs = await actionRuns(server.client, pipelineName, executionId);
    expect(runs.get('Refuses')?.output?.executionResult?.errorDetails).toMatchObject({ code: 'JobFailed', message: 'Integration tests failed' });
    expect(runs.get('Missing')?.output?.executionResult?.errorDetails).toEqual({
      code: 'JobFailed',
      message: 'AWS Lambda: ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing',
    });
  });

  it('passes a LambdaInvoke rule when its function on AWS Lambda reports success', async () => {
    const pipelineName = 'lambda-on-aws-gate';
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('app')] },
          {
            name: 'Deploy',
            actions: [{ name: 'Site', actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' }, configuration: { BucketName: 'gated', Extract: 'true' }, inputArtifacts: [{ name: 'Src' }] }],
            beforeEntry: {
              conditions: [{ result: 'FAIL', rules: [{ name: 'Gate', ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'LambdaInvoke', version: '1' }, configuration: { FunctionName: 'gate' } }] }],
            },
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Succeeded');
    expect(lambda.invocations.filter((candidate) => candidate.functionName === 'gate').map((candidate) => candidate.invocationType)).toEqual(['Event']);
    expect(readFileSync(join(server.dataDir, 'buckets', 'gated', 'app.txt'), 'utf8')).toBe('hello\n');
  });
});
