import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodePipelineClient, CreatePipelineCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { dropTestSchema } from '../../src/store/test-kit/store-dialects.js';
import { startTestS3, type TestS3 } from '../artifacts/kit/s3-server.js';
import { codeCommitSource, declaration, hostedRepository } from '../kit/pipelines.js';
import { startServerProcess, type ServerProcess } from '../kit/server-process.js';
import { startWorkerProcess, type WorkerProcess } from '../kit/worker-process.js';

const url = process.env.PIPEWRIGHT_TEST_DATABASE_URL;

/**
 * `pipewright worker` against a server in `--auth iam` mode: the worker signs with the credentials of
 * the AWS SDK's chain. Unknown ones are refused at the first call (the worker says so and exits 1); the
 * server's root credentials (its credentials file, as AWS_SHARED_CREDENTIALS_FILE and AWS_PROFILE) claim
 * jobs, and the source is fetched from the server's git host with the same access key.
 */
describe.skipIf(url === undefined || url === '')('pipewright worker, signed', () => {
  const schema = `pw_test_${randomBytes(6).toString('hex')}`;
  const scratch = mkdtempSync(join(tmpdir(), 'pipewright-remote-worker-iam-'));
  const serverDir = join(scratch, 'server');
  let s3: TestS3;
  let server: ServerProcess;
  let storeEnv: NodeJS.ProcessEnv;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    s3 = await startTestS3(['artifacts']);
    const store = await openStore({ kind: 'postgres', url: url!, schema });
    await store.close();
    const settings = s3.settings;
    storeEnv = {
      PIPEWRIGHT_S3_BUCKET: settings.bucket,
      PIPEWRIGHT_S3_ENDPOINT: settings.endpoint!,
      PIPEWRIGHT_S3_REGION: settings.region!,
      PIPEWRIGHT_S3_ACCESS_KEY_ID: settings.credentials!.accessKeyId,
      PIPEWRIGHT_S3_SECRET_ACCESS_KEY: settings.credentials!.secretAccessKey,
    };
    await hostedRepository(serverDir, 'signed', { 'README.md': 'signed\n' });
    server = await startServerProcess(serverDir, {
      ...storeEnv,
      PIPEWRIGHT_AUTH: 'iam',
      PIPEWRIGHT_WORKER_CONCURRENCY: '0',
      PIPEWRIGHT_DATABASE_URL: `${url!}${url!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    });
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    await s3?.close();
    await dropTestSchema(url!, schema);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses a worker whose credentials the server does not know', { timeout: 60_000 }, async () => {
    const unknown = { ...storeEnv, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_PROFILE: '' };
    await expect(startWorkerProcess(server.url, join(scratch, 'stranger'), unknown)).rejects.toThrow(/ended \(code 1/);
  });

  it('claims and runs jobs with the root credentials, fetching the source over /git', { timeout: 120_000 }, async () => {
    const credentialsFile = join(serverDir, 'credentials');
    const worker = await startWorkerProcess(server.url, join(scratch, 'trusted'), { ...storeEnv, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_PROFILE: 'pipewright' });
    workers.push(worker);
    const text = readFileSync(credentialsFile, 'utf8');
    const client = new CodePipelineClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: /aws_access_key_id = (\S+)/.exec(text)![1]!, secretAccessKey: /aws_secret_access_key = (\S+)/.exec(text)![1]! },
    });
    await client.send(new CreatePipelineCommand({ pipeline: declaration('signed', [{ name: 'Source', actions: [codeCommitSource('signed')] }, { name: 'Hold', actions: [{ name: 'Review', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] }]) }));
    // The source succeeded on the worker (its revision is recorded), and the execution waits for the approval.
    for (;;) {
      const { pipelineExecutionSummaries: summaries = [] } = await client.send(new ListPipelineExecutionsCommand({ pipelineName: 'signed' }));
      const summary = summaries[0]!;
      expect(summary.status).not.toBe('Failed');
      if ((summary.sourceRevisions ?? []).length > 0) {
        expect(summary.status).toBe('InProgress');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
});
