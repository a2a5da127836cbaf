import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { actionRuns, latestExecutionId } from '../kit/executions.js';
import { startFakeElasticBeanstalk, type FakeElasticBeanstalk } from './kit/elastic-beanstalk-endpoint.js';
import { startFakeS3, type FakeS3 } from './kit/s3-endpoint.js';

/**
 * The Elastic Beanstalk action through the AWS SDK: the source bundle goes to the S3 bucket
 * PIPEWRIGHT_AWS_ARTIFACT_BUCKET names (a loopback S3), becomes an application version, and the
 * environment is updated to it (a loopback Elastic Beanstalk, query protocol), as the CodePipeline User
 * Guide's Elastic Beanstalk action reference describes. A rolled-back deploy fails with its ERROR events.
 */
describe('Elastic Beanstalk actions on AWS-compatible endpoints', () => {
  let server: TestServer;
  let s3: FakeS3;
  let beanstalk: FakeElasticBeanstalk;

  beforeAll(async () => {
    s3 = await startFakeS3(['pipeline-bundles']);
    beanstalk = await startFakeElasticBeanstalk([{ application: 'my-app', name: 'my-app-env', versionLabel: 'Sample Application' }], s3);
    process.env.AWS_ENDPOINT_URL_S3 = s3.url;
    process.env.AWS_ENDPOINT_URL_ELASTIC_BEANSTALK = beanstalk.url;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOOPBACKTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback-secret';
    process.env.PIPEWRIGHT_AWS_ARTIFACT_BUCKET = 'pipeline-bundles';
    process.env.PIPEWRIGHT_AWS_POLL_SECONDS = '0.02';
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'node-app', {
      Procfile: readFileSync(join(import.meta.dirname, '../../fixtures/aws-actions/elastic-beanstalk/Procfile'), 'utf8'),
      'index.js': "require('http').createServer((_, res) => res.end('hello')).listen(process.env.PORT || 8080);\n",
    });
  });
  afterAll(async () => {
    await server.close();
    await beanstalk.close();
    await s3.close();
  });

  it('deploys the bundle as a new version and waits until the environment runs it; a rolled-back deploy fails with the events', async () => {
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('beanstalk', [
          { name: 'Source', actions: [codeCommitSource('node-app')] },
          {
            name: 'Deploy',
            actions: [
              {
                name: 'Environment',
                actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'ElasticBeanstalk', version: '1' },
                configuration: { ApplicationName: 'my-app', EnvironmentName: 'my-app-env' },
                inputArtifacts: [{ name: 'Src' }],
              },
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'beanstalk');
    expect((await waitForExecution(server.client, 'beanstalk', executionId)).status).toBe('Succeeded');
    const run = (await actionRuns(server.client, 'beanstalk', executionId)).get('Environment');
    const label = `beanstalk-${run?.actionExecutionId}`;
    expect(beanstalk.environment('my-app-env')).toMatchObject({ versionLabel: label, status: 'Ready', health: 'Green' });
    const bundle = beanstalk.versions.get(`my-app/${label}`);
    expect(bundle).toEqual({ bucket: 'pipeline-bundles', key: `beanstalk/Src/${run?.actionExecutionId}.zip` });
    expect(s3.buckets.get('pipeline-bundles')?.get(bundle!.key)?.includes(Buffer.from('Procfile'))).toBe(true);

    const events = ['Failed to deploy application.', "Instance deployment failed. For details, see 'eb-engine.log'."];
    beanstalk.failNext('my-app-env', events);
    const again = await server.client.send(new StartPipelineExecutionCommand({ name: 'beanstalk' }));
    expect((await waitForExecution(server.client, 'beanstalk', again.pipelineExecutionId!)).status).toBe('Failed');
    const failed = (await actionRuns(server.client, 'beanstalk', again.pipelineExecutionId!)).get('Environment')?.output?.executionResult?.errorDetails;
    expect(failed?.code).toBe('JobFailed');
    expect(failed?.message).toBe(`Environment my-app-env is Ready on version ${label}, not beanstalk-${(await actionRuns(server.client, 'beanstalk', again.pipelineExecutionId!)).get('Environment')?.actionExecutionId}: ${events.join(' ')}`);
  });
});
