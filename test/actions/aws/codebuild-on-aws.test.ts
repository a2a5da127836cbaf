import { CreatePipelineCommand, StopPipelineExecutionCommand, type ActionDeclaration } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBufferPromise } from 'yauzl';
import { ZipFile } from 'yazl';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';
import { actionRuns, latestExecutionId } from '../kit/executions.js';
import { startFakeCodeBuild, type FakeCodeBuild } from './kit/codebuild-endpoint.js';
import { startFakeS3, type FakeS3 } from './kit/s3-endpoint.js';

const bucket = 'codebuild-artifacts';

/** The files of a zip, by name. */
async function zipEntries(zip: Buffer): Promise<Map<string, string>> {
  const archive = await fromBufferPromise(zip, { lazyEntries: true });
  const entries = new Map<string, string>();
  for await (const entry of archive.eachEntry()) {
    if (entry.fileName.endsWith('/')) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of await archive.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    entries.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
  }
  return entries;
}

function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

function build(name: string, project: string, extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return { name, actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' }, configuration: { ProjectName: project }, inputArtifacts: [{ name: 'Src' }], ...extra };
}

/**
 * CodeBuild actions whose projects exist in the account (PIPEWRIGHT_AWS_CODEBUILD_PROJECTS), through the
 * AWS SDK against a CodeBuild on loopback (JSON 1.1) reached with AWS_ENDPOINT_URL_CODEBUILD, and a
 * loopback S3 for sources and artifacts. As AWS documents them:
 * - StartBuild "can also start a build run by overriding some of the build settings in the project. The
 *   overrides only apply for that specific start build request" (StartBuild, CodeBuild API Reference):
 *   sourceTypeOverride S3 with sourceLocationOverride `bucket/key`, secondarySourcesOverride,
 *   environmentVariablesOverride, artifactsOverride. An S3 source's location is `<bucket/sample.zip>`, a
 *   secondary one has a sourceIdentifier, secondary artifacts an artifactIdentifier ("Create a build
 *   project with multiple inputs and outputs", CodeBuild User Guide).
 * - PrimarySource names the input artifact "CodeBuild looks for the buildspec file and runs the buildspec
 *   commands in"; the other inputs are secondary sources (action reference, "AWS CodeBuild build and test action").
 * - Exported variables "are used in conjunction with CodePipeline to export environment variables from
 *   the current build stage to subsequent stages" (ExportedEnvironmentVariable, CodeBuild API Reference).
 * - A failed phase carries contexts: "An explanation of the build phase's context. This might include a
 *   command ID and an exit code." (PhaseContext, CodeBuild API Reference).
 */
describe('CodeBuild actions on AWS CodeBuild', () => {
  let s3: FakeS3;
  let codeBuild: FakeCodeBuild;
  let server: TestServer;

  beforeAll(async () => {
    s3 = await startFakeS3([bucket]);
    const built = await zipOf({ 'dist/app.txt': 'hello, built\n', 'dist/version.txt': '1.0.7\n' });
    codeBuild = await startFakeCodeBuild(
      {
        'web-app-build': ({ request }) => ({
          result: 'SUCCEEDED',
          exported: { IMAGE_TAG: `web-${request.environmentVariablesOverride?.find((variable) => variable.name === 'STAGE')?.value ?? ''}`, VERSION: '1.0.7' },
          artifact: built,
        }),
        'web-app-publish': () => ({ result: 'SUCCEEDED' }),
        'unit-tests': () => ({ result: 'FAILED', phase: 'BUILD', statusCode: 'COMMAND_EXECUTION_ERROR', message: 'Error while executing command: npm test. Reason: exit status 1' }),
        'long-build': () => ({ result: 'RUNS_UNTIL_STOPPED' }),
      },
      s3,
    );
    process.env.AWS_ENDPOINT_URL_S3 = s3.url;
    process.env.AWS_ENDPOINT_URL_CODEBUILD = codeBuild.url;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOOPBACKTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'loopback-secret';
    process.env.PIPEWRIGHT_AWS_POLL_SECONDS = '0.02';
    process.env.PIPEWRIGHT_AWS_ARTIFACT_BUCKET = bucket;
    process.env.PIPEWRIGHT_AWS_CODEBUILD_PROJECTS = 'web-app-build, web-app-publish, unit-tests, long-build';
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'web-app', { 'buildspec.yml': 'version: 0.2\n', 'src/index.js': 'console.log("hi");\n' });
    await hostedRepository(server.dataDir, 'web-config', { 'settings.json': '{"stage": "prod"}\n' });
    await hostedRepository(server.dataDir, 'local-app', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo built here > here.txt\n' });
  });
  afterAll(async () => {
    delete process.env.PIPEWRIGHT_AWS_CODEBUILD_PROJECTS;
    delete process.env.PIPEWRIGHT_AWS_ARTIFACT_BUCKET;
    await server.close();
    await codeBuild.close();
    await s3.close();
  });

  it('builds the inputs on AWS CodeBuild with overrides, and takes its exported variables and output artifact', async () => {
    const pipelineName = 'codebuild-on-aws';
    const environmentVariables = [
      { name: 'STAGE', value: 'prod', type: 'PLAINTEXT' },
      { name: 'DB_PASSWORD', value: '/web-app/db-password', type: 'PARAMETER_STORE' },
      { name: 'API_TOKEN', value: 'web-app/api-token', type: 'SECRETS_MANAGER' },
    ];
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [
          { name: 'Source', actions: [codeCommitSource('web-app'), { ...codeCommitSource('web-config', 'Config', 'ConfigVariables'), name: 'Config' }] },
          {
            name: 'Build',
            actions: [
              build('Build', 'web-app-build', {
                inputArtifacts: [{ name: 'Src' }, { name: 'Config' }],
                configuration: { ProjectName: 'web-app-build', PrimarySource: 'Src', EnvironmentVariables: JSON.stringify(environmentVariables) },
                outputArtifacts: [{ name: 'BuildOutput' }],
                namespace: 'BuildVariables',
              }),
            ],
          },
          {
            name: 'Publish',
            actions: [
              build('Publish', 'web-app-publish', {
                inputArtifacts: [{ name: 'BuildOutput' }],
                configuration: { ProjectName: 'web-app-publish', EnvironmentVariables: JSON.stringify([{ name: 'TAG', value: '#{BuildVariables.IMAGE_TAG}', type: 'PLAINTEXT' }]) },
              }),
            ],
          },
        ]),
      }),
    );
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Succeeded');
    const runs = await actionRuns(server.client, pipelineName, executionId);
    const buildRun = runs.get('Build');
    const started = [...codeBuild.builds.values()].find((candidate) => candidate.request.projectName === 'web-app-build')!;

    // The primary source and the secondary source, each the input artifact's zip in the artifact bucket.
    expect(started.request.sourceTypeOverride).toBe('S3');
    const [sourceBucket = '', ...sourceKey] = (started.request.sourceLocationOverride ?? '').split('/');
    expect(sourceBucket).toBe(bucket);
    expect([...(await zipEntries(s3.buckets.get(bucket)!.get(sourceKey.join('/'))!)).keys()].sort()).toEqual(['buildspec.yml', 'src/index.js']);
    const secondary = started.request.secondarySourcesOverride ?? [];
    expect(secondary.map(({ type, sourceIdentifier }) => ({ type, sourceIdentifier }))).toEqual([{ type: 'S3', sourceIdentifier: 'Config' }]);
    const [, ...configKey] = (secondary[0]?.location ?? '').split('/');
    expect([...(await zipEntries(s3.buckets.get(bucket)!.get(configKey.join('/'))!)).keys()]).toEqual(['settings.json']);
    // Stored variables are passed by name for CodeBuild to resolve: their values never pass through Pipewright.
    expect(started.request.environmentVariablesOverride).toEqual(environmentVariables);
    expect(started.request.artifactsOverride).toMatchObject({ type: 'S3', location: bucket, path: 'codebuild-on-aws/BuildOutput', packaging: 'ZIP' });

    expect(buildRun?.output?.outputVariables).toEqual({ IMAGE_TAG: 'web-prod', VERSION: '1.0.7' });
    expect(buildRun?.output?.executionResult?.externalExecutionId).toBe(started.id);
    expect(buildRun?.output?.executionResult?.externalExecutionUrl).toMatch(/^https:\/\/console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#logEvent:group=\/aws\/codebuild\/web-app-build;stream=/);
    // The build's artifact, downloaded into Pipewright's store, is the next build's input (uploaded again as its source).
    const publish = [...codeBuild.builds.values()].find((candidate) => candidate.request.projectName === 'web-app-publish')!;
    expect(publish.request.environmentVariablesOverride).toEqual([{ name: 'TAG', value: 'web-prod', type: 'PLAINTEXT' }]);
    const [, ...publishKey] = (publish.request.sourceLocationOverride ?? '').split('/');
    expect(Object.fromEntries(await zipEntries(s3.buckets.get(bucket)!.get(publishKey.join('/'))!))).toEqual({ 'dist/app.txt': 'hello, built\n', 'dist/version.txt': '1.0.7\n' });
    expect(publish.request.artifactsOverride).toEqual({ type: 'NO_ARTIFACTS' });
  });

  it("fails with the build's failed phase and that phase's message", async () => {
    const pipelineName = 'codebuild-on-aws-fails';
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration(pipelineName, [{ name: 'Source', actions: [codeCommitSource('web-app')] }, { name: 'Test', actions: [build('UnitTests', 'unit-tests', { actionTypeId: { category: 'Test', owner: 'AWS', provider: 'CodeBuild', version: '1' } })] }]) }));
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Failed');
    const run = (await actionRuns(server.client, pipelineName, executionId)).get('UnitTests');
    expect(run?.output?.executionResult?.errorDetails).toEqual({
      code: 'JobFailed',
      message: 'Build terminated with state: FAILED. Phase: BUILD, Code: COMMAND_EXECUTION_ERROR, Message: Error while executing command: npm test. Reason: exit status 1',
    });
    expect(run?.output?.executionResult?.externalExecutionId).toMatch(/^unit-tests:/);
  });

  it('refuses BatchEnabled for a project on AWS with ConfigurationError saying what to do, and starts no build', async () => {
    const pipelineName = 'codebuild-on-aws-batch';
    const before = codeBuild.requests.length;
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration(pipelineName, [{ name: 'Source', actions: [codeCommitSource('web-app')] }, { name: 'Build', actions: [build('Batch', 'web-app-build', { configuration: { ProjectName: 'web-app-build', BatchEnabled: 'true' } })] }]) }));
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Failed');
    const error = (await actionRuns(server.client, pipelineName, executionId)).get('Batch')?.output?.executionResult?.errorDetails;
    expect(error?.code).toBe('ConfigurationError');
    expect(error?.message).toMatch(/^BatchEnabled: batch builds \(StartBuildBatch\) of projects on AWS CodeBuild are not run by Pipewright yet\. .*take web-app-build out of PIPEWRIGHT_AWS_CODEBUILD_PROJECTS/);
    expect(codeBuild.requests.slice(before)).toEqual([]);
  });

  it('fails with ConfigurationError naming PIPEWRIGHT_AWS_ARTIFACT_BUCKET when there is no bucket CodeBuild can read, and starts no build', async () => {
    delete process.env.PIPEWRIGHT_AWS_ARTIFACT_BUCKET;
    const bucketless = await startTestServer();
    process.env.PIPEWRIGHT_AWS_ARTIFACT_BUCKET = bucket;
    try {
      await hostedRepository(bucketless.dataDir, 'web-app', { 'buildspec.yml': 'version: 0.2\n' });
      const before = codeBuild.requests.length;
      const pipelineName = 'codebuild-on-aws-no-bucket';
      await bucketless.client.send(new CreatePipelineCommand({ pipeline: declaration(pipelineName, [{ name: 'Source', actions: [codeCommitSource('web-app')] }, { name: 'Build', actions: [build('Build', 'web-app-build')] }]) }));
      const executionId = await latestExecutionId(bucketless.client, pipelineName);
      expect((await waitForExecution(bucketless.client, pipelineName, executionId)).status).toBe('Failed');
      const error = (await actionRuns(bucketless.client, pipelineName, executionId)).get('Build')?.output?.executionResult?.errorDetails;
      expect(error?.code).toBe('ConfigurationError');
      expect(error?.message).toMatch(/^AWS CodeBuild reads its sources from Amazon S3, .* Set PIPEWRIGHT_AWS_ARTIFACT_BUCKET to an S3 bucket in us-east-1/);
      expect(codeBuild.requests.slice(before)).toEqual([]);
    } finally {
      await bucketless.close();
    }
  });

  it('builds a project the setting does not name on this host, as before', async () => {
    const pipelineName = 'codebuild-stays-local';
    const before = codeBuild.requests.length;
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration(pipelineName, [{ name: 'Source', actions: [codeCommitSource('local-app')] }, { name: 'Build', actions: [build('Local', 'local-app')] }]) }));
    const executionId = await latestExecutionId(server.client, pipelineName);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Succeeded');
    expect(codeBuild.requests.slice(before)).toEqual([]);
  });

  it('stops the build with StopBuild when the action is stopped and abandoned', async () => {
    const pipelineName = 'codebuild-on-aws-stops';
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration(pipelineName, [{ name: 'Source', actions: [codeCommitSource('web-app')] }, { name: 'Build', actions: [build('Long', 'long-build')] }]) }));
    const executionId = await latestExecutionId(server.client, pipelineName);
    const running = await codeBuild.started('long-build');
    await server.client.send(new StopPipelineExecutionCommand({ pipelineName, pipelineExecutionId: executionId, abandon: true, reason: 'wrong commit' }));
    await codeBuild.stopped(running.id);
    expect((await waitForExecution(server.client, pipelineName, executionId)).status).toBe('Stopped');
    expect(codeBuild.requests.filter((request) => request.target === 'StopBuild').map((request) => JSON.parse(request.body) as unknown)).toEqual([{ id: running.id }]);
  });
});
