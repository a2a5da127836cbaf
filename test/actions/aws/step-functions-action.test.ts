import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { actionRuns, latestExecutionId } from '../kit/executions.js';
import { startFakeStepFunctions, type FakeStepFunctions } from './kit/step-functions-endpoint.js';

const fixtures = join(import.meta.dirname, '../../fixtures/aws-actions/step-functions');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const stepFunctions = { category: 'Invoke', owner: 'AWS', provider: 'StepFunctions', version: '1' } as const;

/**
 * The Step Functions invoke action through the AWS SDK against a Step Functions on loopback (JSON 1.0),
 * reached with AWS_ENDPOINT_URL_SFN. As the CodePipeline User Guide's Step Functions action reference
 * says: the input is the literal Input or a file of the input artifact (InputType FilePath), the
 * execution is named `<ExecutionNamePrefix>-<action execution ID>`, and the action waits for its end.
 */
describe('Step Functions actions on an AWS-compatible endpoint', () => {
  let server: TestServer;
  let fake: FakeStepFunctions;
  let helloWorld: string;
  let failing: string;
  let express: string;
  let expressFailing: string;

  beforeAll(async () => {
    fake = await startFakeStepFunctions();
    helloWorld = fake.createStateMachine('HelloWorld', fixture('hello-world.asl.json'));
    failing = fake.createStateMachine('FailState', fixture('fail-state.asl.json'));
    express = fake.createStateMachine('HelloWorldExpress', fixture('hello-world.asl.json'), 'EXPRESS');
    expressFailing = fake.createStateMachine('FailStateExpress', fixture('fail-state.asl.json'), 'EXPRESS');
    process.env.AWS_ENDPOINT_URL_SFN = fake.url;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOOPBACKTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback-secret';
    process.env.PIPEWRIGHT_AWS_POLL_SECONDS = '0.02';
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'workflows', { 'input.json': fixture('input.json') });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it('starts executions with literal and file input, waits for them, and gives the output as variables and output.json', async () => {
    const pipelineName = 'workflow';
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('workflows')] },
          {
            name: 'Invoke',
            actions: [
              {
                name: 'Literal',
                actionTypeId: stepFunctions,
                configuration: { StateMachineArn: helloWorld, ExecutionNamePrefix: 'release', InputType: 'Literal', Input: '{"action": "test"}' },
                outputArtifacts: [{ name: 'WorkflowOutput' }],
                namespace: 'Workflow',
              },
              {
                name: 'FromFile',
                actionTypeId: stepFunctions,
                configuration: { StateMachineArn: helloWorld, InputType: 'FilePath', Input: 'input.json' },
                inputArtifacts: [{ name: 'Src' }],
              },
            ],
          },
          {
            name: 'Publish',
            actions: [
              {
                name: 'Output',
                actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
                // The execution's output field reaches the next stage as a variable.
                configuration: { BucketName: 'workflow-results', Extract: 'true', ObjectKey: '#{Workflow.action}' },
                inputArtifacts: [{ name: 'WorkflowOutput' }],
              },
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Succeeded');
    const runs = await actionRuns(server.client, pipelineName, executionId);
    const literal = runs.get('Literal')!;
    const fromFile = runs.get('FromFile')!;
    const literalArn = `arn:aws:states:us-east-1:123456789012:execution:HelloWorld:release-${literal.actionExecutionId}`;
    expect(fake.executions.get(literalArn)?.input).toBe('{"action": "test"}');
    expect(fake.executions.get(`arn:aws:states:us-east-1:123456789012:execution:HelloWorld:${fromFile.actionExecutionId}`)?.input).toBe(fixture('input.json'));
    expect(literal.output?.outputVariables).toEqual({ action: 'test', StateMachineArn: helloWorld, ExecutionArn: literalArn });
    expect(literal.output?.executionResult?.externalExecutionId).toBe(literalArn);
    expect(JSON.parse(readFileSync(join(server.dataDir, 'buckets', 'workflow-results', 'test', 'output.json'), 'utf8'))).toEqual({ action: 'test' });
  });

  it("fails with the execution's error and cause", async () => {
    const pipelineName = 'workflow-fails';
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('workflows')] },
          { name: 'Invoke', actions: [{ name: 'Run', actionTypeId: stepFunctions, configuration: { StateMachineArn: failing } }] },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Failed');
    const run = (await actionRuns(server.client, pipelineName, executionId)).get('Run');
    expect(run?.output?.executionResult?.errorDetails?.code).toBe('JobFailed');
    expect(run?.output?.executionResult?.errorDetails?.message).toBe(`Execution ${run?.actionExecutionId} of ${failing} ended FAILED: ErrorA: Kaiju attack`);
  });

  it('starts an EXPRESS state machine and succeeds without waiting for it, even when the execution fails, and refuses an output artifact', async () => {
    // Action reference, "Express State Machines": "The action does not wait for the state machine execution to
    // complete", "the action execution succeeds even if the state machine execution fails", "You cannot designate
    // an output artifact", and ExecutionArn is a variable of "Standard state machines only".
    const pipelineName = 'workflow-express';
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('workflows')] },
          {
            name: 'Invoke',
            actions: [
              { name: 'Express', actionTypeId: stepFunctions, configuration: { StateMachineArn: express, ExecutionNamePrefix: 'my-prefix', Input: '{"action": "test"}' } },
              { name: 'ExpressFails', actionTypeId: stepFunctions, configuration: { StateMachineArn: expressFailing } },
              { name: 'ExpressOutput', actionTypeId: stepFunctions, configuration: { StateMachineArn: express }, outputArtifacts: [{ name: 'ExpressOutput' }] },
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Failed');
    const runs = await actionRuns(server.client, pipelineName, executionId);
    const started = [...fake.executions.entries()].filter(([, execution]) => execution.stateMachineArn === express || execution.stateMachineArn === expressFailing);
    expect(started.map(([, execution]) => execution.name).sort()).toEqual([`my-prefix-${runs.get('Express')?.actionExecutionId}`, runs.get('ExpressFails')?.actionExecutionId].sort());
    expect(started.every(([, execution]) => execution.reads === 0)).toBe(true);
    expect(runs.get('Express')?.status).toBe('Succeeded');
    expect(runs.get('Express')?.output?.outputVariables).toEqual({ StateMachineArn: express });
    expect(runs.get('ExpressFails')?.status).toBe('Succeeded');
    expect(runs.get('ExpressOutput')?.output?.executionResult?.errorDetails).toEqual({
      code: 'ConfigurationError',
      message: `${express} is an EXPRESS state machine: an express state machine's action cannot designate an output artifact (ExpressOutput).`,
    });
  });

  it('fails with JobFailed naming the endpoint when nothing answers there', async () => {
    // A port that was just free: nothing listens on it.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const endpoint = `http://127.0.0.1:${port}`;
    process.env.AWS_ENDPOINT_URL_SFN = endpoint;
    try {
      const pipelineName = 'workflow-unreachable';
      await server.client.send(
        new CreatePipelineCommand({
          pipeline: declaration(pipelineName, [
            { name: 'Source', actions: [codeCommitSource('workflows')] },
            { name: 'Invoke', actions: [{ name: 'Run', actionTypeId: stepFunctions, configuration: { StateMachineArn: helloWorld } }] },
          ]),
        }),
      );
      const executionId = await latestExecutionId(server.client, pipelineName);
      expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Failed');
      const error = (await actionRuns(server.client, pipelineName, executionId)).get('Run')?.output?.executionResult?.errorDetails;
      expect(error?.code).toBe('JobFailed');
      expect(error?.message).toBe(`Could not reach AWS Step Functions at ${endpoint} (ECONNREFUSED). Check AWS_ENDPOINT_URL_SFN or AWS_ENDPOINT_URL, or unset them to reach AWS.`);
    } finally {
      process.env.AWS_ENDPOINT_URL_SFN = fake.url;
    }
  });
});
