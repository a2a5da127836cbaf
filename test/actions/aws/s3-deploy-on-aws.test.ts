import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { latestExecutionId } from '../kit/executions.js';
import { startFakeS3, type FakeS3 } from './kit/s3-endpoint.js';

/**
 * S3 deploy actions go to real S3 buckets only for the buckets PIPEWRIGHT_AWS_S3_BUCKETS names (a
 * loopback S3 here, reached with AWS_ENDPOINT_URL_S3); every other bucket stays the data directory's.
 * As the CodePipeline User Guide's S3 deploy action reference says, CannedACL and CacheControl go on the
 * objects, Extract puts the files under ObjectKey, and without it the zip is stored at ObjectKey.
 */
describe('S3 deploy actions to real buckets', () => {
  let server: TestServer;
  let s3: FakeS3;

  beforeAll(async () => {
    s3 = await startFakeS3(['www.example.com']);
    process.env.AWS_ENDPOINT_URL_S3 = s3.url;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOOPBACKTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback-secret';
    process.env.PIPEWRIGHT_AWS_S3_BUCKETS = 'www.example.com';
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'site', { 'index.html': '<h1>Hello</h1>\n', 'css/site.css': 'h1 { color: red }\n' });
  });
  afterAll(async () => {
    await server.close();
    await s3.close();
  });

  it('deploys to the bucket on S3 with content types, ACL and Cache-Control, and keeps other buckets local', async () => {
    const deploy = (name: string, configuration: Record<string, string>) => ({
      name,
      actionTypeId: { category: 'Deploy' as const, owner: 'AWS' as const, provider: 'S3', version: '1' },
      configuration,
      inputArtifacts: [{ name: 'Src' }],
    });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('website', [
          { name: 'Source', actions: [codeCommitSource('site')] },
          {
            name: 'Deploy',
            actions: [
              deploy('Live', { BucketName: 'www.example.com', Extract: 'true', ObjectKey: 'v1', CannedACL: 'public-read', CacheControl: 'max-age=3600' }),
              deploy('Archive', { BucketName: 'www.example.com', Extract: 'false', ObjectKey: 'releases/site.zip' }),
              deploy('Local', { BucketName: 'local-copy', Extract: 'true' }),
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'website');
    expect((await waitForExecution(server.client, 'website', executionId)).status).toBe('Succeeded');
    const bucket = s3.buckets.get('www.example.com');
    expect([...(bucket?.keys() ?? [])].sort()).toEqual(['releases/site.zip', 'v1/css/site.css', 'v1/index.html']);
    expect(bucket?.get('v1/index.html')?.toString()).toBe('<h1>Hello</h1>\n');
    expect(s3.headers.get('www.example.com/v1/index.html')).toMatchObject({ 'content-type': 'text/html', 'x-amz-acl': 'public-read', 'cache-control': 'max-age=3600' });
    expect(s3.headers.get('www.example.com/v1/css/site.css')?.['content-type']).toBe('text/css');
    expect(bucket?.get('releases/site.zip')?.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(s3.headers.get('www.example.com/releases/site.zip')?.['content-type']).toBe('application/zip');
    expect(readFileSync(join(server.dataDir, 'buckets', 'local-copy', 'index.html'), 'utf8')).toBe('<h1>Hello</h1>\n');
  });
});
