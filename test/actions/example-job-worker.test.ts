import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AcknowledgeJobCommand,
  CreateCustomActionTypeCommand,
  CreatePipelineCommand,
  GetPipelineCommand,
  GetPipelineStateCommand,
  PollForJobsCommand,
  PutJobFailureResultCommand,
  PutJobSuccessResultCommand,
  type ActionDeclaration,
} from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { actionRuns, latestExecutionId } from './kit/executions.js';
import { startProcess, type TestProcess } from './kit/processes.js';
import { eventually } from './kit/wait.js';

const shellCommand = { category: 'Build' as const, owner: 'Custom' as const, provider: 'ShellCommand', version: '1' };
const secretToken = 'tok-3f9a-very-secret';

function shellAction(name: string, command: string, queue: string, extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return {
    name,
    actionTypeId: shellCommand,
    configuration: { Command: command, Queue: queue, ApiToken: secretToken },
    inputArtifacts: [{ name: 'Src' }],
    ...extra,
  };
}

/**
 * The example job worker (examples/job-worker), a program written for CodePipeline with the AWS SDK,
 * run as its own process against a real server with only its endpoints changed: it polls a custom
 * action type, downloads the input artifact over the artifact endpoint, runs the configured command,
 * continues long work with continuation tokens, uploads the output artifact and reports variables.
 */
describe('the example job worker', () => {
  let server: TestServer;
  let worker: TestProcess;

  beforeAll(async () => {
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'app', { 'app.txt': 'hello from the app\n', 'bin/run.sh': '#!/bin/sh\necho run\n' });
    await server.client.send(
      new CreateCustomActionTypeCommand({
        ...shellCommand,
        settings: {
          executionUrlTemplate: 'https://ci.example.com/work/{ExternalExecutionId}?queue={Config:Queue}',
          entityUrlTemplate: 'https://ci.example.com/queues/{Config:Queue}',
        },
        configurationProperties: [
          { name: 'Command', required: true, key: true, secret: false, queryable: false },
          { name: 'Queue', required: true, key: false, secret: false, queryable: true },
          { name: 'ApiToken', required: false, key: false, secret: true, queryable: false },
        ],
        inputArtifactDetails: { minimumCount: 1, maximumCount: 5 },
        outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      }),
    );
    worker = startProcess(process.execPath, ['--import', 'tsx', 'examples/job-worker/worker.ts', '--provider', 'ShellCommand', '--query', 'Queue=blue', '--poll-interval-ms', '100', '--wait-ms', '200'], {
      PATH: process.env.PATH,
      HOME: server.dataDir,
      AWS_ENDPOINT_URL_CODEPIPELINE: server.url,
      AWS_ENDPOINT_URL_S3: `${server.url}/s3`,
      AWS_REGION: server.config.partition.region,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLEWORKER',
      AWS_SECRET_ACCESS_KEY: 'worker-secret',
    });
    await worker.waitFor(/polling for Build\/Custom\/ShellCommand\/1 jobs/);
  });

  afterAll(async () => {
    await worker.stop();
    await server.close();
  });

  it('runs long work through continuations, uploads the output, reports variables; the deploy gets its bytes', async () => {
    // The command outlasts the worker's --wait-ms until the test has seen it continued with a new job.
    const release = join(server.dataDir, 'release-package');
    const command = [
      'echo 40 > $PROGRESS_FILE',
      `while [ ! -f ${release} ]; do sleep 0.05; done`,
      'tr a-z A-Z < app.txt > $OUTPUT_DIR/APP.TXT',
      'mkdir -p $OUTPUT_DIR/bin && cp bin/run.sh $OUTPUT_DIR/bin/',
      'echo "TOKEN_LENGTH=${#CONFIG_APITOKEN}" >> $VARIABLES_FILE',
      'echo "LINES=$(wc -l < app.txt)" >> $VARIABLES_FILE',
    ].join(' && ');
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('package-and-publish', [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'Package', actions: [shellAction('Shell', command, 'blue', { outputArtifacts: [{ name: 'Packaged' }], namespace: 'Pkg' })] },
          {
            name: 'Publish',
            actions: [
              {
                name: 'Site',
                actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
                configuration: { BucketName: 'site', Extract: 'true', ObjectKey: 'release-#{Pkg.LINES}' },
                inputArtifacts: [{ name: 'Packaged' }],
              },
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'package-and-publish');
    await worker.waitFor(/still running; continuing with a new job/);
    writeFileSync(release, '');
    const execution = await waitForExecution(server.client, 'package-and-publish', executionId);
    expect(execution.status, execution.statusSummary).toBe('Succeeded');
    // More than one job served the action: the first answered with a continuation token.
    expect(worker.output()).toMatch(/still running; continuing with a new job \(work [0-9a-f-]+, 40%\)/);

    const runs = await actionRuns(server.client, 'package-and-publish', executionId);
    const shell = runs.get('Shell');
    expect(shell?.output?.outputVariables).toEqual({ TOKEN_LENGTH: String(secretToken.length), LINES: '1' });
    const workId = shell?.output?.executionResult?.externalExecutionId;
    expect(workId).toMatch(/^[0-9a-f-]{36}$/);
    expect(shell?.output?.executionResult?.externalExecutionUrl).toBe(`https://ci.example.com/work/${workId}?queue=blue`);
    expect(shell?.output?.executionResult?.externalExecutionSummary).toBe('The command succeeded');
    // The secret reached the worker (its length was reported) but is never shown by the API.
    expect(shell?.input?.configuration?.ApiToken).toBe('****');
    // The action's link comes from its type's entityUrlTemplate.
    const state = await server.client.send(new GetPipelineStateCommand({ name: 'package-and-publish' }));
    expect(state.stageStates?.[1]?.actionStates?.[0]?.entityUrl).toBe('https://ci.example.com/queues/blue');
    const { pipeline } = await server.client.send(new GetPipelineCommand({ name: 'package-and-publish' }));
    expect(pipeline?.stages?.[1]?.actions?.[0]?.configuration?.ApiToken).toBe('****');

    const deployed = join(server.dataDir, 'buckets', 'site', 'release-1');
    expect(readFileSync(join(deployed, 'APP.TXT'), 'utf8')).toBe('HELLO FROM THE APP\n');
    expect(readFileSync(join(deployed, 'bin', 'run.sh'), 'utf8')).toBe('#!/bin/sh\necho run\n');
  });

  it("fails the action with the command's exit code and output", async () => {
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('broken-build', [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'Package', actions: [shellAction('Shell', 'echo "cannot find the compiler" >&2; exit 3', 'blue')] },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'broken-build');
    const execution = await waitForExecution(server.client, 'broken-build', executionId);
    expect(execution.status).toBe('Failed');
    const error = (await actionRuns(server.client, 'broken-build', executionId)).get('Shell')?.output?.executionResult?.errorDetails;
    expect(error?.code).toBe('JobFailed');
    expect(error?.message).toContain('The command exited with code 3');
    expect(error?.message).toContain('cannot find the compiler');
  });

  it('leaves jobs of another queue to their workers; a nonce is good once; an ended job takes no result', async () => {
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('green-queue', [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'Package', actions: [shellAction('Shell', 'true', 'green')] },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'green-queue');
    // The blue worker never takes it: the green queue's poll finds it still waiting.
    const job = await eventually(async () => {
      const { jobs } = await server.client.send(new PollForJobsCommand({ actionTypeId: shellCommand, queryParam: { Queue: 'green' } }));
      return jobs?.[0];
    }, 'the green job');
    expect(job.data?.actionConfiguration?.configuration?.ApiToken).toBe(secretToken);
    expect(worker.output()).not.toContain(job.id);

    await expect(server.client.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: 'another-workers-nonce' }))).rejects.toMatchObject({ name: 'InvalidNonceException' });
    const { status } = await server.client.send(new AcknowledgeJobCommand({ jobId: job.id, nonce: job.nonce }));
    expect(status).toBe('InProgress');
    await server.client.send(new PutJobFailureResultCommand({ jobId: job.id, failureDetails: { type: 'ConfigurationError', message: 'no green workers today' } }));
    await expect(server.client.send(new PutJobSuccessResultCommand({ jobId: job.id }))).rejects.toMatchObject({ name: 'InvalidJobStateException' });

    const execution = await waitForExecution(server.client, 'green-queue', executionId);
    expect(execution.status).toBe('Failed');
    const error = (await actionRuns(server.client, 'green-queue', executionId)).get('Shell')?.output?.executionResult?.errorDetails;
    expect(error).toEqual({ code: 'ConfigurationError', message: 'no green workers today' });
  });
});
