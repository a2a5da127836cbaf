import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, describe, expect, it } from 'vitest';
import { dropTestSchema } from '../../src/store/test-kit/store-dialects.js';
import { startTestS3, type TestS3 } from '../artifacts/kit/s3-server.js';
import { eventually } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startServerProcess, type ServerProcess } from '../kit/server-process.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

const url = process.env.PIPEWRIGHT_TEST_DATABASE_URL;

/**
 * A replica killed with SIGKILL in the middle of a build, while the other replica runs on: once the
 * job's lease (2 s here) has run out, the surviving replica fails the build saying why, as start-up
 * recovery does for the one server (a build is not run again: it may have done part of its work).
 * Replica B runs no jobs (PIPEWRIGHT_WORKER_CONCURRENCY=0), so the build surely ran on A.
 */
describe.skipIf(url === undefined || url === '')('a replica killed in the middle of a job', () => {
  const schema = `pw_test_${randomBytes(6).toString('hex')}`;
  const scratch = mkdtempSync(join(tmpdir(), 'pipewright-replica-kill-'));
  let s3: TestS3 | undefined;
  let a: ServerProcess | undefined;
  let b: TestServer | undefined;
  afterAll(async () => {
    // The killed replica's build loops until this file exists: it ends now.
    writeFileSync(join(scratch, 'stop'), '');
    if (a?.child.exitCode === null) a.child.kill('SIGKILL');
    await b?.close();
    await s3?.close();
    await dropTestSchema(url!, schema);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('fails the lost build from the surviving replica once the lease ran out', { timeout: 180_000 }, async () => {
    s3 = await startTestS3(['artifacts']);
    const lease = { PIPEWRIGHT_JOB_LEASE_SECONDS: '2' };
    b = await startTestServer({ storeLocation: { kind: 'postgres', url: url!, schema }, env: { ...lease, PIPEWRIGHT_WORKER_CONCURRENCY: '0' }, configure: (config) => (config.s3 = s3!.settings) });
    const dataDirA = join(scratch, 'a');
    const gate = join(scratch, 'building');
    await hostedRepository(dataDirA, 'lost', {
      'buildspec.yml': `version: 0.2\nphases:\n  build:\n    commands:\n      - touch ${gate}\n      - while [ ! -f ${join(scratch, 'stop')} ]; do sleep 0.2; done\n`,
    });
    await hostedRepository(b.dataDir, 'lost', { 'README.md': 'B runs no jobs\n' });
    const settings = s3.settings;
    a = await startServerProcess(dataDirA, {
      ...lease,
      // The build signals the test through files in the test's scratch folder: unsandboxed, on purpose.
      PIPEWRIGHT_BUILD_SANDBOX: 'off',
      PIPEWRIGHT_DATABASE_URL: `${url!}${url!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      PIPEWRIGHT_S3_BUCKET: settings.bucket,
      PIPEWRIGHT_S3_ENDPOINT: settings.endpoint!,
      PIPEWRIGHT_S3_REGION: settings.region!,
      PIPEWRIGHT_S3_ACCESS_KEY_ID: settings.credentials!.accessKeyId,
      PIPEWRIGHT_S3_SECRET_ACCESS_KEY: settings.credentials!.secretAccessKey,
    });

    // Created (and so started) on B; A hears of the jobs and runs them.
    await b.client.send(new CreatePipelineCommand({ pipeline: declaration('lost', [{ name: 'Source', actions: [codeCommitSource('lost')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }));
    const { pipelineExecutionSummaries } = await b.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'lost' }));
    const executionId = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    await eventually(() => existsSync(gate), 'the build to run on replica A', 120_000);
    a.child.kill('SIGKILL');
    await a.exited;

    const ended = await waitForExecution(b.client, 'lost', executionId, { timeoutMs: 120_000 });
    expect(ended.status).toBe('Failed');
    expect(ended.statusSummary).toMatch(/stopped before reporting a result/);
  });
});
