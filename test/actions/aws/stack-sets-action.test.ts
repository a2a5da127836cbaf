import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, StartPipelineExecutionCommand, type ActionDeclaration } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { actionRuns, latestExecutionId } from '../kit/executions.js';
import { startFakeStackSets, type FakeStackSets } from './kit/stack-sets-endpoint.js';

const fixtures = join(import.meta.dirname, '../../fixtures/aws-actions');
const fixture = (path: string): string => readFileSync(join(fixtures, path), 'utf8');
const stackSet = { category: 'Deploy', owner: 'AWS', provider: 'CloudFormationStackSet', version: '1' } as const;
const stackInstances = { category: 'Deploy', owner: 'AWS', provider: 'CloudFormationStackInstances', version: '1' } as const;
const missingRole = "Account 222222333333 should have 'AWSCloudFormationStackSetExecutionRole' role with trust relationship to Role 'AWSCloudFormationStackSetAdministrationRole'.";

/** The action reference's "Example for the self-managed permissions model" of CloudFormationStackSet, with a Parameters file. */
const createStackSet: ActionDeclaration = {
  name: 'CreateStackSet',
  actionTypeId: stackSet,
  runOrder: 1,
  configuration: {
    DeploymentTargets: '111111222222',
    FailureTolerancePercentage: '20',
    MaxConcurrentPercentage: '25',
    PermissionModel: 'SELF_MANAGED',
    Regions: 'us-east-1',
    StackSetName: 'my-stackset',
    TemplatePath: 'Src::template.yaml',
    Parameters: 'Src::parameters.txt',
  },
  inputArtifacts: [{ name: 'Src' }],
  namespace: 'DeployVariables',
};

/** Its "my-instances" example of CloudFormationStackInstances, with ParameterOverrides in the shorthand syntax. */
const myInstances: ActionDeclaration = {
  name: 'my-instances',
  actionTypeId: stackInstances,
  runOrder: 2,
  configuration: {
    DeploymentTargets: 'Src::accounts.txt',
    Regions: 'us-east-1,us-east-2,us-west-1,us-west-2',
    StackSetName: 'my-stackset',
    ParameterOverrides: 'ParameterKey=InstanceTypeParameter,ParameterValue=m1.large',
  },
  inputArtifacts: [{ name: 'Src' }],
  namespace: 'InstanceVariables',
};

/**
 * The StackSets actions through the AWS SDK against CloudFormation StackSets on loopback (query protocol),
 * reached with AWS_ENDPOINT_URL_CLOUDFORMATION. As the CodePipeline User Guide's StackSets action
 * reference says: the first run creates the stack set and its first instance, the next updates it;
 * CloudFormationStackInstances creates the missing instances with parameter overrides; both wait for
 * the stack set operation and give StackSetId and OperationId as output variables.
 */
describe('CloudFormation StackSets actions on an AWS-compatible endpoint', () => {
  let server: TestServer;
  let fake: FakeStackSets;

  beforeAll(async () => {
    fake = await startFakeStackSets();
    process.env.AWS_ENDPOINT_URL_CLOUDFORMATION = fake.url;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOOPBACKTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback-secret';
    process.env.PIPEWRIGHT_AWS_POLL_SECONDS = '0.02';
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'stacksets', {
      'template.yaml': fixture('cloudformation/instance-type-parameter.yaml'),
      'parameters.txt': fixture('stack-sets/parameters.txt'),
      'accounts.txt': fixture('stack-sets/accounts.txt'),
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it('creates the stack set and its first instance, adds the other instances with overrides, and updates the stack set on the next run', async () => {
    const pipelineName = 'stacksets';
    await server.client.send(
      new CreatePipelineCommand({ pipeline: declaration(pipelineName, [{ name: 'Source', actions: [codeCommitSource('stacksets')] }, { name: 'DeployStackSets', actions: [createStackSet, myInstances] }]) }),
    );
    const first = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, first)).status).toBe('Succeeded');
    const created = fake.stackSets.get('my-stackset')!;
    expect(created.template).toBe(fixture('cloudformation/instance-type-parameter.yaml'));
    expect(created.parameters).toEqual({ InstanceTypeParameter: 'm1.small' });
    expect(created.permissionModel).toBe('SELF_MANAGED');
    expect([...created.instances.keys()].sort()).toEqual(['111111222222 us-east-1', '111111222222 us-east-2', '111111222222 us-west-1', '111111222222 us-west-2']);
    expect(created.instances.get('111111222222 us-west-2')?.overrides).toEqual({ InstanceTypeParameter: 'm1.large' });
    const [firstOperation] = fake.operations.values();
    expect(firstOperation).toMatchObject({ request: 'CreateStackInstances', targets: ['111111222222'], regions: ['us-east-1'] });
    expect(firstOperation?.preferences).toEqual({ 'RegionOrder.member.1': 'us-east-1', FailureTolerancePercentage: '20', MaxConcurrentPercentage: '25' });
    const runs = await actionRuns(server.client, pipelineName, first);
    expect(runs.get('CreateStackSet')?.output?.outputVariables).toEqual({ StackSetId: created.id, OperationId: firstOperation?.id });
    expect(runs.get('my-instances')?.output?.outputVariables?.StackSetId).toBe(created.id);
    expect(fake.actions().filter((action) => !action.startsWith('Describe') && !action.startsWith('List'))).toEqual(['CreateStackSet', 'CreateStackInstances', 'CreateStackInstances']);

    const before = fake.actions().length;
    const { pipelineExecutionId: second } = await server.client.send(new StartPipelineExecutionCommand({ name: pipelineName }));
    expect((await waitForExecution(server.client, pipelineName, second!)).status).toBe('Succeeded');
    // Every instance exists now: the stack set is updated in its target, then the instances brought up to date.
    expect(fake.actions().slice(before).filter((action) => !action.startsWith('Describe') && !action.startsWith('List'))).toEqual(['UpdateStackSet', 'UpdateStackInstances']);
    expect([...fake.stackSets.get('my-stackset')!.instances.values()].map((instance) => instance.status)).toEqual(['CURRENT', 'CURRENT', 'CURRENT', 'CURRENT']);
    const secondRuns = await actionRuns(server.client, pipelineName, second!);
    const lastOperation = [...fake.operations.values()].at(-1);
    expect(lastOperation?.request).toBe('UpdateStackInstances');
    expect(secondRuns.get('my-instances')?.output?.outputVariables).toEqual({ StackSetId: created.id, OperationId: lastOperation?.id });
  });

  it("fails with the operation's reason per account and Region, and with StackSetNotFoundException for a stack set that does not exist", async () => {
    fake.failNext('222222333333', missingRole);
    const pipelineName = 'stacksets-fail';
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('stacksets')] },
          {
            name: 'Deploy',
            actions: [
              { ...createStackSet, name: 'NewAccount', configuration: { ...createStackSet.configuration, StackSetName: 'other-stackset', DeploymentTargets: '222222333333' } },
              { ...myInstances, name: 'NoStackSet', runOrder: 1, configuration: { ...myInstances.configuration, StackSetName: 'never-created' } },
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Failed');
    const runs = await actionRuns(server.client, pipelineName, executionId);
    const operation = [...fake.operations.values()].find((candidate) => candidate.stackSetName === 'other-stackset');
    expect(runs.get('NewAccount')?.output?.executionResult?.errorDetails).toEqual({
      code: 'JobFailed',
      message: `Stack set operation ${operation?.id} (CreateStackInstances) of other-stackset ended FAILED. 222222333333 us-east-1 FAILED: ${missingRole}`,
    });
    expect(runs.get('NoStackSet')?.output?.executionResult?.errorDetails).toEqual({ code: 'JobFailed', message: 'AWS CloudFormation: StackSetNotFoundException: StackSet never-created not found' });
  });
});
