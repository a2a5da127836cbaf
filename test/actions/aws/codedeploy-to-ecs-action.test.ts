import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { actionRuns, latestExecutionId } from '../kit/executions.js';
import { startFakeCodeDeploy, type FakeCodeDeploy } from './kit/codedeploy-endpoint.js';
import { startFakeEcs, type FakeEcs } from './kit/ecs-endpoint.js';

const fixtures = join(import.meta.dirname, '../../fixtures/aws-actions/codedeploy-ecs');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

/**
 * The ECS blue/green action (CodeDeployToECS) through the AWS SDK, as the CodePipeline User Guide's
 * action reference and its ECR-to-ECS tutorial describe it: the task definition template gets the
 * image of imageDetail.json in place of <IMAGE1_NAME> and is registered (loopback ECS), the AppSpec gets
 * the new task definition's ARN in place of <TASK_DEFINITION> and is deployed as AppSpecContent
 * (loopback CodeDeploy), and the action waits for the deployment.
 */
describe('CodeDeployToECS actions on AWS-compatible endpoints', () => {
  let server: TestServer;
  let ecs: FakeEcs;
  let codeDeploy: FakeCodeDeploy;

  beforeAll(async () => {
    ecs = await startFakeEcs();
    codeDeploy = await startFakeCodeDeploy({ 'codedeployapp': ['codedeploydeplgroup'] });
    process.env.AWS_ENDPOINT_URL_ECS = ecs.url;
    process.env.AWS_ENDPOINT_URL_CODEDEPLOY = codeDeploy.url;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOOPBACKTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback-secret';
    process.env.PIPEWRIGHT_AWS_POLL_SECONDS = '0.02';
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'ecs-demo', { 'taskdef.json': fixture('taskdef.json'), 'appspec.yaml': fixture('appspec.yaml') });
    await hostedRepository(server.dataDir, 'image', { 'imageDetail.json': fixture('imageDetail.json') });
  });
  afterAll(async () => {
    await server.close();
    await codeDeploy.close();
    await ecs.close();
  });

  it('registers the task definition with the image, deploys the AppSpec naming it and waits for the deployment', async () => {
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('blue-green', [
          { name: 'Source', actions: [codeCommitSource('ecs-demo', 'SourceArtifact', 'Definitions'), { ...codeCommitSource('image', 'MyImage', 'Image'), name: 'Image' }] },
          {
            name: 'Deploy',
            actions: [
              {
                name: 'BlueGreen',
                actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CodeDeployToECS', version: '1' },
                configuration: {
                  ApplicationName: 'codedeployapp',
                  DeploymentGroupName: 'codedeploydeplgroup',
                  TaskDefinitionTemplateArtifact: 'SourceArtifact',
                  AppSpecTemplateArtifact: 'SourceArtifact',
                  Image1ArtifactName: 'MyImage',
                  Image1ContainerName: 'IMAGE1_NAME',
                },
                inputArtifacts: [{ name: 'SourceArtifact' }, { name: 'MyImage' }],
              },
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'blue-green');
    expect((await waitForExecution(server.client, 'blue-green', executionId)).status).toBe('Succeeded');
    const arn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/ecs-demo:1';
    const registered = ecs.taskDefinitions.get(arn) as { containerDefinitions: { image: string }[] } | undefined;
    expect(registered?.containerDefinitions[0]?.image).toBe((JSON.parse(fixture('imageDetail.json')) as { ImageURI: string }).ImageURI);
    const deploymentId = (await actionRuns(server.client, 'blue-green', executionId)).get('BlueGreen')?.output?.executionResult?.externalExecutionId ?? '';
    const deployment = codeDeploy.deployments.get(deploymentId);
    expect(deployment?.revision).toEqual({ revisionType: 'AppSpecContent', appSpecContent: { content: fixture('appspec.yaml').replace('<TASK_DEFINITION>', arn) } });
    expect(deployment?.statuses).toEqual(['Succeeded']);
  });
});
