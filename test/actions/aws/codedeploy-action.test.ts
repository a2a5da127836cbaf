import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { actionRuns, latestExecutionId } from '../kit/executions.js';
import { startFakeCodeDeploy, type FakeCodeDeploy } from './kit/codedeploy-endpoint.js';
import { startFakeS3, type FakeS3 } from './kit/s3-endpoint.js';

const appspec = readFileSync(join(import.meta.dirname, '../../fixtures/aws-actions/codedeploy/appspec.yml'), 'utf8');

/**
 * The CodeDeploy action through the AWS SDK: CodeDeploy reads revisions from Amazon S3 (CodeDeploy User
 * Guide, "Push a revision to Amazon S3"), so the input artifact is uploaded as a zip to the bucket
 * PIPEWRIGHT_AWS_ARTIFACT_BUCKET names (a loopback S3 here) and deployed from there with
 * CreateDeployment (a loopback CodeDeploy, JSON 1.1). Without that bucket the action says what to set.
 */
describe('CodeDeploy actions on AWS-compatible endpoints', () => {
  let s3: FakeS3;
  let codeDeploy: FakeCodeDeploy;
  const servers: TestServer[] = [];

  const pipeline = (name: string) =>
    declaration(name, [
      { name: 'Source', actions: [codeCommitSource('web-app')] },
      {
        name: 'Deploy',
        actions: [
          {
            name: 'Fleet',
            actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CodeDeploy', version: '1' },
            configuration: { ApplicationName: 'MyDemoApplication', DeploymentGroupName: 'MyDemoDeploymentGroup' },
            inputArtifacts: [{ name: 'Src' }],
          },
        ],
      },
    ]);
  const startServer = async (): Promise<TestServer> => {
    const server = await startTestServer();
    servers.push(server);
    await hostedRepository(server.dataDir, 'web-app', { 'appspec.yml': appspec, 'index.html': '<h1>Sample Deployment</h1>\n', 'scripts/start_server': '#!/bin/bash\nservice httpd start\n' });
    return server;
  };

  beforeAll(async () => {
    s3 = await startFakeS3(['codedeploy-revisions']);
    codeDeploy = await startFakeCodeDeploy({ MyDemoApplication: ['MyDemoDeploymentGroup'] }, s3);
    process.env.AWS_ENDPOINT_URL_S3 = s3.url;
    process.env.AWS_ENDPOINT_URL_CODEDEPLOY = codeDeploy.url;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOOPBACKTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback-secret';
    process.env.PIPEWRIGHT_AWS_POLL_SECONDS = '0.02';
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await codeDeploy.close();
    await s3.close();
  });

  it('fails with ConfigurationError naming PIPEWRIGHT_AWS_ARTIFACT_BUCKET when no bucket CodeDeploy can read is set', async () => {
    delete process.env.PIPEWRIGHT_AWS_ARTIFACT_BUCKET;
    const server = await startServer();
    await server.client.send(new CreatePipelineCommand({ pipeline: pipeline('no-bucket') }));
    const executionId = await latestExecutionId(server.client, 'no-bucket');
    expect((await waitForExecution(server.client, 'no-bucket', executionId)).status).toBe('Failed');
    const error = (await actionRuns(server.client, 'no-bucket', executionId)).get('Fleet')?.output?.executionResult?.errorDetails;
    expect(error?.code).toBe('ConfigurationError');
    expect(error?.message).toMatch(/^CodeDeploy reads revisions from Amazon S3, .* Set PIPEWRIGHT_AWS_ARTIFACT_BUCKET to an S3 bucket in us-east-1 that CodeDeploy can read/);
    expect(codeDeploy.deployments.size).toBe(0);
  });

  it("uploads the artifact as a zip, deploys it from S3 and waits for the deployment; a failed deployment fails with CodeDeploy's error", async () => {
    process.env.PIPEWRIGHT_AWS_ARTIFACT_BUCKET = 'codedeploy-revisions';
    const server = await startServer();
    await server.client.send(new CreatePipelineCommand({ pipeline: pipeline('fleet') }));
    const executionId = await latestExecutionId(server.client, 'fleet');
    expect((await waitForExecution(server.client, 'fleet', executionId)).status).toBe('Succeeded');
    const run = (await actionRuns(server.client, 'fleet', executionId)).get('Fleet');
    const deploymentId = run?.output?.executionResult?.externalExecutionId ?? '';
    const deployment = codeDeploy.deployments.get(deploymentId);
    const key = `fleet/Src/${run?.actionExecutionId}.zip`;
    expect(deployment?.revision).toMatchObject({ revisionType: 'S3', s3Location: { bucket: 'codedeploy-revisions', key, bundleType: 'zip' } });
    const bundle = s3.buckets.get('codedeploy-revisions')?.get(key);
    expect(bundle?.subarray(0, 2).toString('latin1')).toBe('PK');
    expect((deployment?.revision.s3Location as { eTag?: string }).eTag).toMatch(/^[0-9a-f]{32}$/);
    expect(deployment?.statuses).toEqual(['Succeeded']);

    const message =
      'The overall deployment failed because too many individual instances failed deployment, too few healthy instances are available for deployment, or some instances in your deployment group are experiencing problems.';
    codeDeploy.failNext('MyDemoDeploymentGroup', { code: 'HEALTH_CONSTRAINTS', message });
    const again = await server.client.send(new StartPipelineExecutionCommand({ name: 'fleet' }));
    expect((await waitForExecution(server.client, 'fleet', again.pipelineExecutionId!)).status).toBe('Failed');
    const failed = (await actionRuns(server.client, 'fleet', again.pipelineExecutionId!)).get('Fleet')?.output?.executionResult;
    expect(failed?.errorDetails?.code).toBe('JobFailed');
    expect(failed?.errorDetails?.message).toMatch(new RegExp(`^Deployment d-[0-9A-F]{9} failed: HEALTH_CONSTRAINTS: ${message.replace(/[.,]/g, '.')}$`));
  });
});
