import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CreatePipelineCommand, ListActionExecutionsCommand, StartPipelineExecutionCommand, type ActionExecutionDetail } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesystemObjectStore } from '../../src/artifacts/objects/filesystem-object-store.js';
import { writeZipFile } from '../../src/artifacts/zip/write-zip.js';
import type { ObjectVersion } from '../../src/core/contracts/object-store.js';
import { removeDir, tempDir } from '../git/git-kit.js';
import { codeBuild, declaration, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { byTrigger, pollEvery, waitForExecutions } from './kit/executions.js';

const buildspec = ['version: 0.2', 'env:', '  exported-variables: [CONTENT]', 'phases:', '  build:', '    commands:', '      - export CONTENT=$(cat src/main.txt)', ''].join('\n');

function s3Source(key: string, extra: Record<string, string> = {}) {
  return {
    name: 'Fetch',
    actionTypeId: { category: 'Source' as const, owner: 'AWS' as const, provider: 'S3', version: '1' },
    configuration: { S3Bucket: 'releases', S3ObjectKey: key, ...extra },
    outputArtifacts: [{ name: 'Src' }],
  };
}

describe('the S3 source', () => {
  let server: TestServer;
  let bucket: FilesystemObjectStore;
  const scratch = tempDir('s3-source');

  /** Uploads a zip of `files` as a new version of `key`, as another writer of the bucket would. */
  async function upload(key: string, files: Record<string, string>, summary?: string): Promise<ObjectVersion> {
    const zip = join(scratch, `${Math.random().toString(36).slice(2)}.zip`);
    await writeZipFile(
      Object.entries(files).map(([path, text]) => ({ type: 'file' as const, path, executable: false, size: Buffer.byteLength(text), open: () => Readable.from([Buffer.from(text)]) })),
      zip,
    );
    return bucket.putObject({ bucket: 'releases', key, body: createReadStream(zip), ...(summary !== undefined ? { metadata: { 'codepipeline-artifact-revision-summary': summary } } : {}) });
  }

  async function details(pipelineName: string, executionId: string): Promise<Map<string, ActionExecutionDetail>> {
    const { actionExecutionDetails } = await server.client.send(new ListActionExecutionsCommand({ pipelineName, filter: { pipelineExecutionId: executionId } }));
    return new Map((actionExecutionDetails ?? []).map((detail) => [detail.actionName!, detail]));
  }

  beforeAll(async () => {
    server = await startTestServer({ env: pollEvery(0.2) });
    bucket = new FilesystemObjectStore(join(server.dataDir, 'buckets'));
  });
  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
    removeDir(scratch);
  });

  it('builds the latest version, picks up new versions by polling, and takes pinned versions and keys', async () => {
    const one = await upload('app.zip', { 'buildspec.yml': buildspec, 'src/main.txt': 'one' }, 'First upload');
    await upload('other.zip', { 'buildspec.yml': buildspec, 'src/main.txt': 'other' });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('from-s3', [{ name: 'Source', actions: [s3Source('app.zip', { AllowOverrideForS3ObjectKey: 'true' })] }, { name: 'Build', actions: [codeBuild('Report')] }]),
      }),
    );
    const [created] = await waitForExecutions(server.client, 'from-s3', (executions) => (executions.length > 0 ? executions : undefined), 'the first execution');
    const first = await waitForExecution(server.client, 'from-s3', created!.pipelineExecutionId!);
    expect(first.status, first.statusSummary).toBe('Succeeded');
    expect(first.artifactRevisions?.[0]).toMatchObject({ revisionId: one.versionId, revisionSummary: 'First upload' });
    const firstDetails = await details('from-s3', first.pipelineExecutionId!);
    expect(firstDetails.get('Fetch')?.output?.outputVariables).toEqual({ ETag: one.etag.replaceAll('"', ''), VersionId: one.versionId });
    expect(firstDetails.get('Report')?.output?.outputVariables?.CONTENT).toBe('one');

    const two = await upload('app.zip', { 'buildspec.yml': buildspec, 'src/main.txt': 'two' });
    const polled = await waitForExecutions(server.client, 'from-s3', (executions) => byTrigger(executions, 'PollForSourceChanges')[0], 'the new version to be detected');
    const second = await waitForExecution(server.client, 'from-s3', polled.pipelineExecutionId!);
    expect(second.artifactRevisions?.[0]?.revisionId).toBe(two.versionId);
    expect((await details('from-s3', second.pipelineExecutionId!)).get('Report')?.output?.outputVariables?.CONTENT).toBe('two');

    const pinned = await server.client.send(
      new StartPipelineExecutionCommand({ name: 'from-s3', sourceRevisions: [{ actionName: 'Fetch', revisionType: 'S3_OBJECT_VERSION_ID', revisionValue: one.versionId }] }),
    );
    const third = await waitForExecution(server.client, 'from-s3', pinned.pipelineExecutionId!);
    expect(third.artifactRevisions?.[0]?.revisionId).toBe(one.versionId);
    expect((await details('from-s3', third.pipelineExecutionId!)).get('Report')?.output?.outputVariables?.CONTENT).toBe('one');

    const otherKey = await server.client.send(
      new StartPipelineExecutionCommand({ name: 'from-s3', sourceRevisions: [{ actionName: 'Fetch', revisionType: 'S3_OBJECT_KEY', revisionValue: 'other.zip' }] }),
    );
    await waitForExecution(server.client, 'from-s3', otherKey.pipelineExecutionId!);
    expect((await details('from-s3', otherKey.pipelineExecutionId!)).get('Report')?.output?.outputVariables?.CONTENT).toBe('other');

    const missing = await server.client.send(
      new StartPipelineExecutionCommand({ name: 'from-s3', sourceRevisions: [{ actionName: 'Fetch', revisionType: 'S3_OBJECT_VERSION_ID', revisionValue: 'no-such-version' }] }),
    );
    const failed = await waitForExecution(server.client, 'from-s3', missing.pipelineExecutionId!);
    expect(failed.status).toBe('Failed');
    const fetch = (await details('from-s3', failed.pipelineExecutionId!)).get('Fetch');
    expect(fetch?.status).toBe('Failed');
    expect(fetch?.output?.executionResult?.errorDetails).toEqual({
      code: 'RevisionUnavailable',
      message: 'The pinned version no-such-version of s3://releases/app.zip does not exist.',
    });
  });

  it('holds an object that is not a zip as its one file, and refuses S3_OBJECT_KEY unless the action allows it', async () => {
    mkdirSync(join(server.dataDir, 'projects'), { recursive: true });
    writeFileSync(join(server.dataDir, 'projects', 'ReadNotes.yml'), ['buildspec: |', '  version: 0.2', '  env:', '    exported-variables: [CONTENT]', '  phases:', '    build:', '      commands:', '        - export CONTENT=$(cat notes.txt)', ''].join('\n'));
    const notes = await bucket.putObject({ bucket: 'releases', key: 'drafts/notes.txt', body: 'plain notes' });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('plain', [{ name: 'Source', actions: [s3Source('drafts/notes.txt', { PollForSourceChanges: 'false' })] }, { name: 'Build', actions: [codeBuild('ReadNotes')] }]),
      }),
    );
    const [created] = await waitForExecutions(server.client, 'plain', (executions) => (executions.length > 0 ? executions : undefined), 'the first execution');
    const first = await waitForExecution(server.client, 'plain', created!.pipelineExecutionId!);
    expect(first.status, first.statusSummary).toBe('Succeeded');
    expect(first.artifactRevisions?.[0]?.revisionId).toBe(notes.versionId);
    expect((await details('plain', first.pipelineExecutionId!)).get('ReadNotes')?.output?.outputVariables?.CONTENT).toBe('plain notes');

    const refused = await server.client.send(
      new StartPipelineExecutionCommand({ name: 'plain', sourceRevisions: [{ actionName: 'Fetch', revisionType: 'S3_OBJECT_KEY', revisionValue: 'app.zip' }] }),
    );
    const failed = await waitForExecution(server.client, 'plain', refused.pipelineExecutionId!);
    expect(failed.status).toBe('Failed');
    const fetch = (await details('plain', failed.pipelineExecutionId!)).get('Fetch');
    expect(fetch?.output?.executionResult?.errorDetails?.code).toBe('ConfigurationError');
    expect(fetch?.output?.executionResult?.errorDetails?.message).toContain('takes AllowOverrideForS3ObjectKey set to true');
  });
});
