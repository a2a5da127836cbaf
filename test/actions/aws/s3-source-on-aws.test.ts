import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaration, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { byTrigger, waitForExecutions } from '../../triggers/kit/executions.js';
import { actionRuns, latestExecutionId } from '../kit/executions.js';
import { eventually } from '../kit/wait.js';
import { startFakeS3, type FakeS3 } from './kit/s3-endpoint.js';

const template = readFileSync(join(import.meta.dirname, '../../fixtures/aws-actions/cloudformation/S3_Website_Bucket_With_Retain_On_Delete.template'), 'utf8');
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/**
 * S3 source actions read real S3 buckets for the buckets PIPEWRIGHT_AWS_S3_BUCKETS names (a loopback S3
 * here): the object becomes the artifact (a file that is not a zip is its single file, as AWS takes "a
 * single unzipped file"), ETag and VersionId the variables, and polling the object starts a run when it
 * changes. The bucket is unversioned, so the revision is derived from the ETag.
 */
describe('S3 source actions on real buckets', () => {
  let server: TestServer;
  let s3: FakeS3;

  beforeAll(async () => {
    s3 = await startFakeS3(['release-templates']);
    s3.put('release-templates', 'site/template.json', template);
    process.env.AWS_ENDPOINT_URL_S3 = s3.url;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOOPBACKTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback-secret';
    process.env.PIPEWRIGHT_AWS_S3_BUCKETS = 'release-templates';
    server = await startTestServer({ configure: (config) => (config.pollIntervalMs = 100) });
  });
  afterAll(async () => {
    await server.close();
    await s3.close();
  });

  it('reads the object from S3 as the artifact, and starts a run when the object changes', async () => {
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('from-s3', [
          {
            name: 'Source',
            actions: [
              {
                name: 'Template',
                actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
                configuration: { S3Bucket: 'release-templates', S3ObjectKey: 'site/template.json', PollForSourceChanges: 'true' },
                outputArtifacts: [{ name: 'Src' }],
              },
            ],
          },
          {
            name: 'Copy',
            actions: [
              {
                name: 'Local',
                actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
                configuration: { BucketName: 'copied', Extract: 'true' },
                inputArtifacts: [{ name: 'Src' }],
              },
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'from-s3');
    const execution = await waitForExecution(server.client, 'from-s3', executionId);
    expect(execution.status).toBe('Succeeded');
    expect(execution.artifactRevisions?.[0]?.revisionId).toBe(`etag-${md5(template)}`);
    expect((await actionRuns(server.client, 'from-s3', executionId)).get('Template')?.output?.outputVariables).toMatchObject({ ETag: md5(template) });
    expect(readFileSync(join(server.dataDir, 'buckets', 'copied', 'template.json'), 'utf8')).toBe(template);

    // Gate: polls after the run have seen the first content (the baseline); then the object changes.
    const heads = (): number => s3.requests.filter((request) => request.method === 'HEAD').length;
    const seen = heads();
    await eventually(() => (heads() > seen + 1 ? true : undefined), 'polls of the object');
    const changed = template.replace('index.html', 'home.html');
    s3.put('release-templates', 'site/template.json', changed);
    const polled = await waitForExecutions(server.client, 'from-s3', (executions) => byTrigger(executions, 'PollForSourceChanges')[0]?.pipelineExecutionId, 'the polled execution');
    const next = await waitForExecution(server.client, 'from-s3', polled);
    expect(next.status).toBe('Succeeded');
    expect(next.artifactRevisions?.[0]?.revisionId).toBe(`etag-${md5(changed)}`);
    expect(readFileSync(join(server.dataDir, 'buckets', 'copied', 'template.json'), 'utf8')).toBe(changed);
  });
});
