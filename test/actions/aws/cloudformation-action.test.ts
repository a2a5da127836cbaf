import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { actionRuns, latestExecutionId } from '../kit/executions.js';
import { fakeOutputs, startFakeCloudFormation, type FakeCloudFormation } from './kit/cloudformation-endpoint.js';
import { startFakeS3, type FakeS3 } from './kit/s3-endpoint.js';

const fixtures = join(import.meta.dirname, '../../fixtures/aws-actions/cloudformation');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const cloudFormation = { category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' } as const;
const roleArn = 'arn:aws:iam::123456789012:role/CloudFormationRole';
const largeTemplate = JSON.stringify(
  { ...(JSON.parse(fixture('S3_Website_Bucket_With_Retain_On_Delete.template')) as object), Metadata: { Padding: 'x'.repeat(60_000) } },
  null,
  2,
);

/**
 * CloudFormation actions run through the AWS SDK against a CloudFormation on loopback that answers in
 * the query protocol (AWS_ENDPOINT_URL_CLOUDFORMATION points the SDK at it, as it would at LocalStack).
 * Behaviour checked against the CodePipeline User Guide's CloudFormation action reference and the
 * CloudFormation User Guide's "configuration properties reference" (every ActionMode, OutputFileName,
 * stack outputs as variables, DescribeStackEvents for the failure reason).
 */
describe('CloudFormation actions on an AWS-compatible endpoint', () => {
  let server: TestServer;
  let fake: FakeCloudFormation;
  let s3: FakeS3;

  beforeAll(async () => {
    fake = await startFakeCloudFormation();
    s3 = await startFakeS3(['cfn-templates']);
    process.env.AWS_ENDPOINT_URL_CLOUDFORMATION = fake.url;
    process.env.AWS_ENDPOINT_URL_S3 = s3.url;
    process.env.PIPEWRIGHT_AWS_ARTIFACT_BUCKET = 'cfn-templates';
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOOPBACKTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback-secret';
    // Each DescribeStacks moves a stack one status on, so the wait between reads can be short.
    process.env.PIPEWRIGHT_AWS_POLL_SECONDS = '0.02';
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'infra', {
      'S3_Website_Bucket_With_Retain_On_Delete.template': fixture('S3_Website_Bucket_With_Retain_On_Delete.template'),
      'instance-type-parameter.yaml': fixture('instance-type-parameter.yaml'),
      'test-stack-configuration.json': fixture('test-stack-configuration.json'),
      'build-params.json': fixture('build-params.json'),
      // The sample template with a Metadata section that takes it past CloudFormation's 51,200-byte TemplateBody limit.
      'large.template': largeTemplate,
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
    await s3.close();
  });

  it('creates the stack, waits for it, gives its outputs as variables and as OutputFileName, and finds nothing to update the second time', async () => {
    const pipelineName = 'website';
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('infra')] },
          {
            name: 'Deploy',
            actions: [
              {
                name: 'Stack',
                actionTypeId: cloudFormation,
                configuration: {
                  ActionMode: 'CREATE_UPDATE',
                  StackName: 'website',
                  TemplatePath: 'Src::S3_Website_Bucket_With_Retain_On_Delete.template',
                  Capabilities: 'CAPABILITY_IAM,CAPABILITY_AUTO_EXPAND',
                  RoleArn: roleArn,
                  OutputFileName: 'outputs.json',
                },
                inputArtifacts: [{ name: 'Src' }],
                outputArtifacts: [{ name: 'StackOutputs' }],
                namespace: 'StackVariables',
              },
            ],
          },
          {
            name: 'Publish',
            actions: [
              {
                name: 'Outputs',
                actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
                configuration: { BucketName: 'stack-outputs', Extract: 'true' },
                inputArtifacts: [{ name: 'StackOutputs' }],
              },
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Succeeded');

    const stack = [...fake.stacks.values()].find((candidate) => candidate.name === 'website');
    expect(stack?.status).toBe('CREATE_COMPLETE');
    expect(stack?.capabilities).toEqual(['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND']);
    expect(stack?.roleArn).toBe(roleArn);
    expect(stack?.template).toBe(fixture('S3_Website_Bucket_With_Retain_On_Delete.template'));
    // The action read the stack until it was no longer in progress.
    expect(fake.actions().filter((action) => action === 'DescribeStacks').length).toBeGreaterThanOrEqual(3);

    const outputs = fakeOutputs(stack!);
    const run = (await actionRuns(server.client, pipelineName, executionId)).get('Stack');
    expect(run?.output?.outputVariables).toEqual(outputs);
    expect(run?.output?.executionResult?.externalExecutionId).toBe(stack?.id);
    expect(JSON.parse(readFileSync(join(server.dataDir, 'buckets', 'stack-outputs', 'outputs.json'), 'utf8'))).toEqual(outputs);

    const again = await server.client.send(new StartPipelineExecutionCommand({ name: pipelineName }));
    expect((await waitForExecution(server.client, pipelineName, again.pipelineExecutionId!)).status).toBe('Succeeded');
    expect(fake.actions()).toContain('UpdateStack');
    const rerun = (await actionRuns(server.client, pipelineName, again.pipelineExecutionId!)).get('Stack');
    expect(rerun?.output?.executionResult?.externalExecutionSummary).toMatch(/up to date/);
    expect(rerun?.output?.outputVariables).toEqual(outputs);
  });

  it("fails with CloudFormation's reason for the first failed resource, then REPLACE_ON_FAILURE deletes the failed stack and creates it with the template configuration and overrides", async () => {
    const pipelineName = 'instances';
    const reason = 'The requested configuration is currently not supported. Please check the documentation for supported configurations.';
    fake.failNext('instances', { logicalId: 'Ec2Instance', type: 'AWS::EC2::Instance', reason });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('infra')] },
          {
            name: 'Deploy',
            actions: [
              {
                name: 'Stack',
                actionTypeId: cloudFormation,
                configuration: {
                  ActionMode: 'REPLACE_ON_FAILURE',
                  StackName: 'instances',
                  TemplatePath: 'Src::instance-type-parameter.yaml',
                  TemplateConfiguration: 'Src::test-stack-configuration.json',
                  ParameterOverrides: JSON.stringify({ InstanceTypeParameter: { 'Fn::GetParam': ['Src', 'build-params.json', 'InstanceType'] } }),
                  RoleArn: roleArn,
                },
                inputArtifacts: [{ name: 'Src' }],
              },
            ],
          },
        ]),
      }),
    );
    const first = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, first)).status).toBe('Failed');
    const failed = (await actionRuns(server.client, pipelineName, first)).get('Stack');
    expect(failed?.output?.executionResult?.errorDetails?.code).toBe('JobFailed');
    expect(failed?.output?.executionResult?.errorDetails?.message).toBe(`Stack instances is in ROLLBACK_COMPLETE state: Ec2Instance (AWS::EC2::Instance) CREATE_FAILED: ${reason}`);

    const second = await server.client.send(new StartPipelineExecutionCommand({ name: pipelineName }));
    expect((await waitForExecution(server.client, pipelineName, second.pipelineExecutionId!)).status).toBe('Succeeded');
    const stacks = [...fake.stacks.values()].filter((candidate) => candidate.name === 'instances');
    expect(stacks.map((candidate) => candidate.status)).toEqual(['DELETE_COMPLETE', 'CREATE_COMPLETE']);
    // The override (Fn::GetParam from build-params.json) wins over the template configuration's value.
    expect(stacks[1]?.parameters).toEqual({ InstanceTypeParameter: 'm1.small' });
    expect(stacks[1]?.tags).toEqual({ Department: 'Marketing' });
    expect(JSON.parse(stacks[1]?.stackPolicy ?? '{}')).toEqual((JSON.parse(fixture('test-stack-configuration.json')) as { StackPolicy: unknown }).StackPolicy);
  });

  it('creates a change set, executes it, then deletes the stack; deleting a stack that does not exist succeeds', async () => {
    const pipelineName = 'change-sets';
    const stackName = 'reviewed';
    const stackAction = (name: string, runOrder: number, configuration: Record<string, string>) => ({
      name,
      runOrder,
      actionTypeId: cloudFormation,
      configuration: { StackName: stackName, ChangeSetName: 'pipeline-changes', RoleArn: roleArn, ...configuration },
      inputArtifacts: [{ name: 'Src' }],
    });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('infra')] },
          {
            name: 'Deploy',
            actions: [
              stackAction('Prepare', 1, {
                ActionMode: 'CHANGE_SET_REPLACE',
                TemplatePath: 'Src::instance-type-parameter.yaml',
                // Where the input artifact is stored, as Fn::GetArtifactAtt gives it (this loopback CloudFormation checks no AllowedValues).
                ParameterOverrides: JSON.stringify({ InstanceTypeParameter: { 'Fn::GetArtifactAtt': ['Src', 'ObjectKey'] } }),
              }),
              stackAction('Execute', 2, { ActionMode: 'CHANGE_SET_EXECUTE' }),
              stackAction('Remove', 3, { ActionMode: 'DELETE_ONLY' }),
              { ...stackAction('RemoveMissing', 3, { ActionMode: 'DELETE_ONLY' }), configuration: { ActionMode: 'DELETE_ONLY', StackName: 'never-created', RoleArn: roleArn } },
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Succeeded');
    const stack = [...fake.stacks.values()].find((candidate) => candidate.name === stackName);
    expect(stack?.status).toBe('DELETE_COMPLETE');
    const runs = await actionRuns(server.client, pipelineName, executionId);
    const source = runs.get('Checkout')?.output?.outputArtifacts?.[0]?.s3location;
    expect(stack?.parameters).toEqual({ InstanceTypeParameter: source?.key });
    expect(runs.get('Prepare')?.output?.executionResult?.externalExecutionSummary).toBe(`Created change set pipeline-changes for stack ${stackName} (1 change)`);
    expect(runs.get('RemoveMissing')?.output?.executionResult?.externalExecutionSummary).toBe('Stack never-created does not exist: nothing to delete');
    const sequence = fake.actions().filter((action) => ['CreateChangeSet', 'ExecuteChangeSet', 'DeleteStack'].includes(action));
    expect(sequence.slice(-3)).toEqual(['CreateChangeSet', 'ExecuteChangeSet', 'DeleteStack']);
  });

  it('succeeds without executing anything when the change set is empty (the stack already matches the template)', async () => {
    const pipelineName = 'unchanged';
    const base = { StackName: 'steady', RoleArn: roleArn, TemplatePath: 'Src::S3_Website_Bucket_With_Retain_On_Delete.template' };
    const action = (name: string, runOrder: number, configuration: Record<string, string>) => ({ name, runOrder, actionTypeId: cloudFormation, configuration: { ...base, ...configuration }, inputArtifacts: [{ name: 'Src' }] });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('infra')] },
          {
            name: 'Deploy',
            actions: [
              action('Create', 1, { ActionMode: 'CREATE_UPDATE' }),
              action('Prepare', 2, { ActionMode: 'CHANGE_SET_REPLACE', ChangeSetName: 'same' }),
              action('Execute', 3, { ActionMode: 'CHANGE_SET_EXECUTE', ChangeSetName: 'same' }),
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Succeeded');
    const runs = await actionRuns(server.client, pipelineName, executionId);
    expect(runs.get('Prepare')?.output?.executionResult?.externalExecutionSummary).toBe('Change set same of stack steady has no changes');
    expect(runs.get('Execute')?.output?.executionResult?.externalExecutionSummary).toBe('Change set same has no changes: stack steady is up to date');
    expect(runs.get('Execute')?.output?.outputVariables).toEqual(fakeOutputs([...fake.stacks.values()].find((stack) => stack.name === 'steady')!));
    expect([...fake.stacks.values()].find((stack) => stack.name === 'steady')?.status).toBe('CREATE_COMPLETE');
  });

  it('sends a template over 51,200 bytes through S3 as TemplateURL, and reports access denied as a PermissionError', async () => {
    const pipelineName = 'large-and-forbidden';
    const action = (name: string, stackName: string, template: string) => ({
      name,
      actionTypeId: cloudFormation,
      configuration: { ActionMode: 'CREATE_UPDATE', StackName: stackName, TemplatePath: `Src::${template}`, RoleArn: roleArn },
      inputArtifacts: [{ name: 'Src' }],
    });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('infra')] },
          { name: 'Deploy', actions: [action('Big', 'big', 'large.template'), action('Forbidden', 'forbidden', 'S3_Website_Bucket_With_Retain_On_Delete.template')] },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Failed');
    const runs = await actionRuns(server.client, pipelineName, executionId);
    expect(runs.get('Big')?.status).toBe('Succeeded');
    const key = `${pipelineName}/${runs.get('Big')?.actionExecutionId}/large.template`;
    expect(s3.buckets.get('cfn-templates')?.get(key)?.toString()).toBe(largeTemplate);
    expect([...fake.stacks.values()].find((stack) => stack.name === 'big')?.template).toBe(`TemplateURL ${s3.url}/cfn-templates/${key}`);
    const denied = runs.get('Forbidden')?.output?.executionResult?.errorDetails;
    expect(denied?.code).toBe('PermissionError');
    expect(denied?.message).toMatch(/^AWS CloudFormation refused the call: AccessDenied: User: arn:aws:iam::123456789012:user\/deployer is not authorized to perform: cloudformation:DescribeStacks/);
  });
});
