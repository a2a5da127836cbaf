import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { actionRuns, latestExecutionId } from '../kit/executions.js';
import { startFakeEcs, type FakeEcs } from './kit/ecs-endpoint.js';

const fixtures = join(import.meta.dirname, '../../fixtures/aws-actions/ecs');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const taskDefinition = JSON.parse(fixture('sample-fargate.json')) as Record<string, unknown> & { containerDefinitions: Record<string, unknown>[] };
const imageUri = '111122223333.dkr.ecr.us-east-1.amazonaws.com/ecs-repo:latest';

/**
 * The ECS standard deploy action through the AWS SDK against an Amazon ECS on loopback (JSON 1.1),
 * reached with AWS_ENDPOINT_URL_ECS. As the CodePipeline User Guide's ECS action reference says: the
 * image definitions file gives each container's image, a new task definition revision is registered
 * from the service's current one, the service is updated and the action waits until it is stable.
 */
describe('ECS deploy actions on an AWS-compatible endpoint', () => {
  let server: TestServer;
  let fake: FakeEcs;

  beforeAll(async () => {
    fake = await startFakeEcs();
    const current = fake.registerTaskDefinition(taskDefinition);
    fake.createService('web-cluster', 'sample-app-service', current, 2);
    process.env.AWS_ENDPOINT_URL_ECS = fake.url;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOOPBACKTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback-secret';
    process.env.PIPEWRIGHT_AWS_POLL_SECONDS = '0.02';
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'app', { 'imagedefinitions.json': fixture('imagedefinitions.json'), 'wrong/images.json': '[{"name":"web","imageUri":"nginx:1.27"}]' });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  const ecsAction = (name: string, configuration: Record<string, string>) => ({
    name,
    actionTypeId: { category: 'Deploy' as const, owner: 'AWS' as const, provider: 'ECS', version: '1' },
    configuration: { ClusterName: 'web-cluster', ServiceName: 'sample-app-service', ...configuration },
    inputArtifacts: [{ name: 'Src' }],
  });

  it('registers a new revision with the images, updates the service and waits until it is stable; a failed rollout fails with its reason', async () => {
    const pipelineName = 'ecs-deploy';
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration(pipelineName, [{ name: 'Source', actions: [codeCommitSource('app')] }, { name: 'Deploy', actions: [ecsAction('Service', {})] }]) }));
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Succeeded');

    const revision = 'arn:aws:ecs:us-east-1:123456789012:task-definition/sample-fargate:2';
    const registered = fake.taskDefinitions.get(revision);
    // The new revision is the current one with the container's image replaced, nothing else.
    expect(registered?.containerDefinitions).toEqual([{ ...taskDefinition.containerDefinitions[0], image: imageUri }]);
    for (const field of ['family', 'networkMode', 'requiresCompatibilities', 'cpu', 'memory'] as const) expect(registered?.[field]).toEqual(taskDefinition[field]);
    const service = fake.services.get('web-cluster/sample-app-service');
    expect(service?.taskDefinition).toBe(revision);
    expect(service?.deployments.map((deployment) => deployment.rolloutState)).toEqual(['COMPLETED']);
    const operations = fake.operations();
    expect(operations.slice(0, 4)).toEqual(['DescribeServices', 'DescribeTaskDefinition', 'RegisterTaskDefinition', 'UpdateService']);
    // Read until stable: new tasks running, then the old deployment gone.
    expect(operations.slice(4)).toEqual(['DescribeServices', 'DescribeServices', 'DescribeServices']);
    const run = (await actionRuns(server.client, pipelineName, executionId)).get('Service');
    expect(run?.output?.executionResult?.externalExecutionId).toBe(revision);

    const reason = 'ECS deployment circuit breaker: tasks failed to start.';
    fake.failNextDeployment('sample-app-service', reason);
    const again = await server.client.send(new StartPipelineExecutionCommand({ name: pipelineName }));
    expect((await waitForExecution(server.client, pipelineName, again.pipelineExecutionId!)).status).toBe('Failed');
    const failed = (await actionRuns(server.client, pipelineName, again.pipelineExecutionId!)).get('Service')?.output?.executionResult?.errorDetails;
    expect(failed?.code).toBe('JobFailed');
    expect(failed?.message).toBe(`The deployment of arn:aws:ecs:us-east-1:123456789012:task-definition/sample-fargate:3 to service sample-app-service failed: ${reason}`);
  });

  it('fails, changing nothing, for a container the task definition lacks and for a service that does not exist', async () => {
    const pipelineName = 'ecs-mistakes';
    const before = fake.taskDefinitions.size;
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('app')] },
          { name: 'Deploy', actions: [ecsAction('WrongContainer', { FileName: 'wrong/images.json' }), ecsAction('NoService', { ServiceName: 'not-there' })] },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Failed');
    const runs = await actionRuns(server.client, pipelineName, executionId);
    expect(runs.get('WrongContainer')?.output?.executionResult?.errorDetails?.message).toMatch(
      /^The image definitions file names the container web, which the task definition sample-fargate:\d does not have \(its containers: fargate-app\)\.$/,
    );
    expect(runs.get('NoService')?.output?.executionResult?.errorDetails?.message).toBe('The service not-there is not in cluster web-cluster (MISSING).');
    expect(fake.taskDefinitions.size).toBe(before);
  });
});
