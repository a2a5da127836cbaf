import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaration, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { byTrigger, waitForExecutions } from '../../triggers/kit/executions.js';
import { actionRuns, latestExecutionId } from '../kit/executions.js';
import { eventually } from '../kit/wait.js';
import { startFakeEcr, type FakeEcr } from './kit/ecr-endpoint.js';

// Digests in the shape of the CodePipeline User Guide's ECR examples (sha256 of 64 hex digits), made up.
const first = `sha256:${'a1'.repeat(32)}`;
const second = `sha256:${'b2'.repeat(32)}`;

/**
 * The ECR source action through the AWS SDK against an Amazon ECR on loopback (JSON 1.1), reached with
 * AWS_ENDPOINT_URL_ECR: the tag's image digest is the revision, imageDetail.json the artifact and the
 * action reference's variables are set. AWS detects pushes with an EventBridge rule; Pipewright polls
 * the tag, so a new image pushed under it starts one execution pinned to the new digest.
 */
describe('ECR source actions on an AWS-compatible endpoint', () => {
  let server: TestServer;
  let fake: FakeEcr;

  beforeAll(async () => {
    fake = await startFakeEcr(['dk-image-repo']);
    fake.push('dk-image-repo', 'latest', first);
    process.env.AWS_ENDPOINT_URL_ECR = fake.url;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOOPBACKTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback-secret';
    server = await startTestServer({ configure: (config) => (config.pollIntervalMs = 100) });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it('gives the image digest as the revision, imageDetail.json and variables, and starts a run when the tag moves to a new image', async () => {
    const pipelineName = 'image';
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          {
            name: 'Source',
            actions: [
              {
                name: 'Image',
                actionTypeId: { category: 'Source', owner: 'AWS', provider: 'ECR', version: '1' },
                configuration: { RepositoryName: 'dk-image-repo', ImageTag: 'latest' },
                outputArtifacts: [{ name: 'MyImage' }],
                namespace: 'ImageVariables',
              },
            ],
          },
          {
            name: 'Publish',
            actions: [
              {
                name: 'Detail',
                actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
                configuration: { BucketName: 'image-details', Extract: 'true', ObjectKey: '#{ImageVariables.ImageTag}' },
                inputArtifacts: [{ name: 'MyImage' }],
              },
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    const execution = await waitForExecution(server.client, pipelineName, executionId);
    expect(execution.status).toBe('Succeeded');
    expect(execution.artifactRevisions?.[0]?.revisionId).toBe(first);
    const uri = `111122223333.dkr.ecr.us-east-1.amazonaws.com/dk-image-repo@${first}`;
    expect((await actionRuns(server.client, pipelineName, executionId)).get('Image')?.output?.outputVariables).toEqual({
      RegistryId: '111122223333',
      RepositoryName: 'dk-image-repo',
      ImageTag: 'latest',
      ImageDigest: first,
      ImageURI: uri,
    });
    const detail = JSON.parse(readFileSync(join(server.dataDir, 'buckets', 'image-details', 'latest', 'imageDetail.json'), 'utf8')) as Record<string, unknown>;
    expect(detail).toMatchObject({ ImageDigest: first, RegistryId: '111122223333', RepositoryName: 'dk-image-repo', ImageURI: uri, ImageTags: ['latest'], Version: '1.0' });

    // Gate: a poll after the first run has seen the first image (its baseline), then the tag moves.
    const seen = fake.describeImagesCalls();
    await eventually(() => Promise.resolve(fake.describeImagesCalls() > seen + 1 ? true : undefined), 'a poll of the tag');
    fake.push('dk-image-repo', 'latest', second);
    const polled = await waitForExecutions(server.client, pipelineName, (executions) => byTrigger(executions, 'PollForSourceChanges')[0]?.pipelineExecutionId, 'the polled execution');
    const next = await waitForExecution(server.client, pipelineName, polled);
    expect(next.status).toBe('Succeeded');
    expect(next.artifactRevisions?.[0]?.revisionId).toBe(second);
  });
});
