import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArtifactStorage, type ArtifactStorage } from '../../src/artifacts/index.js';
import { FileLogStore } from '../../src/artifacts/logs/file-log-store.js';
import { writeZipFile } from '../../src/artifacts/zip/write-zip.js';
import { systemClock } from '../../src/core/clock.js';
import type { ActionJob, ActionOutcome, ProviderTools } from '../../src/core/contracts/action-provider.js';
import type { Store } from '../../src/core/contracts/store.js';
import { StoreSecretResolver } from '../../src/engine/secret-resolver.js';
import { openStore } from '../../src/store/open-store.js';
import { s3SourceProvider } from '../../src/providers/s3-source/s3-source-provider.js';
import { startTestS3, type TestS3 } from '../artifacts/kit/s3-server.js';

/** The S3 source provider on an S3-compatible endpoint (s3rver): objects and artifacts both in S3. */
describe('the S3 source provider on an S3-compatible store', () => {
  let s3: TestS3;
  let storage: ArtifactStorage;
  let logs: FileLogStore;
  let store: Store;
  const root = mkdtempSync(join(tmpdir(), 'pw-s3-source-'));
  const dataDir = join(root, 'data');
  let jobs = 0;

  beforeAll(async () => {
    s3 = await startTestS3(['artifacts', 'releases']);
    storage = await openArtifactStorage({ dataDir, s3: s3.settings });
    logs = new FileLogStore({ dataDir, clock: systemClock });
    store = await openStore({ kind: 'sqlite', path: ':memory:' });
  });
  afterAll(async () => {
    await storage.close();
    await store.close();
    await s3.close();
    rmSync(root, { recursive: true, force: true });
  });

  function job(configuration: Record<string, string>, pinnedRevision?: ActionJob['pinnedRevision']): ActionJob {
    const n = String(++jobs).padStart(12, '0');
    return {
      jobId: `0b000000-0000-4000-8000-${n}`,
      pipeline: { name: 'release', arn: 'arn:aws:codepipeline:us-east-1:123456789012:release', version: 1, executionId: `0e000000-0000-4000-8000-${n}` },
      stageName: 'Source',
      action: {
        name: 'Fetch',
        actionExecutionId: `0a000000-0000-4000-8000-${n}`,
        typeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
        configuration,
        region: 'us-east-1',
      },
      inputArtifacts: [],
      outputArtifacts: [{ name: 'Src', location: { bucket: 'artifacts', key: 'release/Src/abc' } }],
      ...(pinnedRevision !== undefined ? { pinnedRevision } : {}),
      deadline: Date.now() + 60_000,
    };
  }

  async function run(actionJob: ActionJob): Promise<ActionOutcome> {
    const workspace = join(dataDir, 'work', actionJob.jobId);
    mkdirSync(workspace, { recursive: true });
    const log = logs.open(actionJob.action.actionExecutionId);
    const tools: ProviderTools = {
      partition: { region: 'us-east-1', accountId: '123456789012' },
      clock: systemClock,
      dataDir,
      artifacts: storage.artifacts,
      objects: storage.objects,
      secrets: new StoreSecretResolver(store),
      log,
      workspace,
      apiUrl: 'http://127.0.0.1:1',
      progress: () => undefined,
      jobEnded: () => Promise.reject(new Error('an S3 source reports through the worker, not the job-worker API')),
    };
    try {
      const outcome = await s3SourceProvider.run(actionJob, tools, new AbortController().signal);
      if (outcome.status === 'ReportedThroughJobApi') throw new Error('an S3 source never reports through the job-worker API');
      return outcome;
    } finally {
      await log.close();
    }
  }

  async function upload(key: string, files: Record<string, string>, summary?: string): Promise<{ versionId: string; etag: string }> {
    const zip = join(root, `${Math.random().toString(36).slice(2)}.zip`);
    await writeZipFile(
      Object.entries(files).map(([path, text]) => ({ type: 'file' as const, path, executable: path.endsWith('.sh'), size: Buffer.byteLength(text), open: () => Readable.from([Buffer.from(text)]) })),
      zip,
    );
    return storage.objects.putObject({ bucket: 'releases', key, body: readFileSync(zip), ...(summary !== undefined ? { metadata: { 'codepipeline-artifact-revision-summary': summary } } : {}) });
  }

  async function files(outcome: ActionOutcome): Promise<Record<string, string>> {
    if (outcome.status !== 'Succeeded') throw new Error(`the source failed: ${outcome.message}`);
    const ref = outcome.outputArtifacts?.Src;
    if (ref === undefined) throw new Error('no output artifact');
    const checkout = await storage.artifacts.checkout(ref, join(root, `read-${Math.random().toString(36).slice(2)}`), 'read-only');
    const read = (path: string) => readFileSync(join(checkout.directory, path), 'utf8');
    const result = { 'run.sh': read('run.sh'), 'src/main.txt': read('src/main.txt') };
    await checkout.release();
    return result;
  }

  it('unpacks the latest version with its revision, summary and variables, and takes a pinned version', async () => {
    const version = await upload('app.zip', { 'run.sh': '#!/bin/sh\necho hi\n', 'src/main.txt': 'from s3' }, 'Built by CI run 42');
    const outcome = await run(job({ S3Bucket: 'releases', S3ObjectKey: 'app.zip' }));
    expect(outcome).toMatchObject({
      status: 'Succeeded',
      summary: 'Built by CI run 42',
      outputVariables: { ETag: version.etag.replaceAll('"', ''), VersionId: version.versionId },
      revision: { revisionId: version.versionId, revisionSummary: 'Built by CI run 42' },
    });
    expect(await files(outcome)).toEqual({ 'run.sh': '#!/bin/sh\necho hi\n', 'src/main.txt': 'from s3' });

    const pinned = await run(job({ S3Bucket: 'releases', S3ObjectKey: 'app.zip' }, [{ revisionType: 'S3_OBJECT_VERSION_ID', revisionValue: version.versionId }]));
    expect(pinned).toMatchObject({ status: 'Succeeded', revision: { revisionId: version.versionId } });
  });

  it('fails with the failure type the owner can act on: a missing object, a missing version, a wrong revision type', async () => {
    expect(await run(job({ S3Bucket: 'releases', S3ObjectKey: 'missing.zip' }))).toEqual({
      status: 'Failed',
      failureType: 'ConfigurationError',
      message: 'The object s3://releases/missing.zip does not exist.',
    });
    expect(await run(job({ S3Bucket: 'releases', S3ObjectKey: 'app.zip' }, [{ revisionType: 'S3_OBJECT_VERSION_ID', revisionValue: 'gone' }]))).toMatchObject({
      status: 'Failed',
      failureType: 'RevisionUnavailable',
    });
    expect(await run(job({ S3Bucket: 'releases', S3ObjectKey: 'app.zip' }, [{ revisionType: 'COMMIT_ID', revisionValue: 'abc1234' }]))).toMatchObject({
      status: 'Failed',
      failureType: 'ConfigurationError',
    });
  });
});
