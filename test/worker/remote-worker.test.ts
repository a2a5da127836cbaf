import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand, ListActionExecutionsCommand, ListPipelineExecutionsCommand, StartPipelineExecutionCommand, type ActionDeclaration } from '@aws-sdk/client-codepipeline';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/artifacts/s3/s3-settings.js';
import { openStore } from '../../src/store/open-store.js';
import { dropTestSchema } from '../../src/store/test-kit/store-dialects.js';
import { startTestS3, type TestS3 } from '../artifacts/kit/s3-server.js';
import { eventually } from '../git/git-kit.js';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../kit/server-process.js';
import { freePort, startWorkerProcess, type WorkerProcess } from '../kit/worker-process.js';

const url = process.env.PIPEWRIGHT_TEST_DATABASE_URL;

/**
 * `pipewright worker` as users run it: a server process that runs no jobs itself
 * (PIPEWRIGHT_WORKER_CONCURRENCY=0) on PostgreSQL with artifacts on an S3-compatible server (s3rver),
 * and a worker process on the same store that claims every job over the server's API. The hosted
 * repository lives only in the server's data directory: the worker fetches it over `/git/<name>`.
 */
describe.skipIf(url === undefined || url === '')('pipewright worker, a process of its own', () => {
  const schema = `pw_test_${randomBytes(6).toString('hex')}`;
  const scratch = mkdtempSync(join(tmpdir(), 'pipewright-remote-worker-'));
  const serverDir = join(scratch, 'server');
  let s3: TestS3;
  let server: ServerProcess | undefined;
  let port: number;
  const workers: WorkerProcess[] = [];
  let serverEnv: NodeJS.ProcessEnv;
  let storeEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    s3 = await startTestS3(['artifacts', 'site']);
    // The schema made and migrated once, before the processes share it.
    const store = await openStore({ kind: 'postgres', url: url!, schema });
    await store.close();
    const settings = s3.settings;
    storeEnv = {
      PIPEWRIGHT_S3_BUCKET: settings.bucket,
      PIPEWRIGHT_S3_ENDPOINT: settings.endpoint!,
      PIPEWRIGHT_S3_REGION: settings.region!,
      PIPEWRIGHT_S3_ACCESS_KEY_ID: settings.credentials!.accessKeyId,
      PIPEWRIGHT_S3_SECRET_ACCESS_KEY: settings.credentials!.secretAccessKey,
      // The builds below signal the test through files in its scratch folder: unsandboxed, on purpose.
      PIPEWRIGHT_BUILD_SANDBOX: 'off',
    };
    serverEnv = {
      ...storeEnv,
      PIPEWRIGHT_WORKER_CONCURRENCY: '0',
      PIPEWRIGHT_JOB_LEASE_SECONDS: '2',
      PIPEWRIGHT_DATABASE_URL: `${url!}${url!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    };
    await hostedRepository(serverDir, 'app', { 'README.md': '<h1>made on a remote worker</h1>\n' });
    port = await freePort();
    server = await startServerProcess(serverDir, serverEnv, { port });
  }, 60_000);

  afterAll(async () => {
    writeFileSync(join(scratch, 'stop'), '');
    for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    if (server !== undefined && server.child.exitCode === null) server.child.kill('SIGKILL');
    await s3?.close();
    await dropTestSchema(url!, schema);
    rmSync(scratch, { recursive: true, force: true });
  });

  const commands = (name: string, lines: string[], extra: Partial<ActionDeclaration> = {}): ActionDeclaration => ({
    name,
    actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
    inputArtifacts: [{ name: 'Src' }],
    commands: lines,
    ...extra,
  });

  async function latestExecution(pipelineName: string): Promise<string> {
    const { pipelineExecutionSummaries } = await server!.client.send(new ListPipelineExecutionsCommand({ pipelineName }));
    return pipelineExecutionSummaries![0]!.pipelineExecutionId!;
  }

  async function worker(name: string, args: string[] = []): Promise<WorkerProcess> {
    const started = await startWorkerProcess(server!.url, join(scratch, name), storeEnv, ['--concurrency', '2', ...args]);
    workers.push(started);
    return started;
  }

  it('runs a source, a Commands build and an S3 deploy, streaming the build log to the server', { timeout: 120_000 }, async () => {
    const running = await worker('worker-one');
    await server!.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(
          'remote',
          [
            { name: 'Source', actions: [codeCommitSource('app')] },
            { name: 'Build', actions: [commands('Make', ['echo "compiled on $(hostname) remotely"', 'cp README.md index.html'], { outputArtifacts: [{ name: 'Site', files: ['index.html'] }] })] },
            { name: 'Deploy', actions: [{ name: 'Publish', actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' }, configuration: { BucketName: 'site', Extract: 'true' }, inputArtifacts: [{ name: 'Site' }] }] },
          ],
          { pipelineType: 'V2' },
        ),
      }),
    );
    const executionId = await latestExecution('remote');
    const execution = await waitForExecution(server!.client, 'remote', executionId, { timeoutMs: 90_000 });
    expect(execution.status, execution.statusSummary).toBe('Succeeded');

    const deployed = await createS3Client(s3.settings).send(new GetObjectCommand({ Bucket: 'site', Key: 'index.html' }));
    expect(await deployed.Body!.transformToString()).toBe('<h1>made on a remote worker</h1>\n');

    // The build's output reached the server's log while the job ran on the worker.
    const { actionExecutionDetails } = await server!.client.send(new ListActionExecutionsCommand({ pipelineName: 'remote', filter: { pipelineExecutionId: executionId } }));
    const make = actionExecutionDetails!.find((detail) => detail.actionName === 'Make')!;
    const log = (await (await fetch(`${server!.url}/api/logs/${make.actionExecutionId!}`)).json()) as { lines: { text: string }[]; complete: boolean };
    expect(log.lines.map((line) => line.text).join('\n')).toMatch(/compiled on .+ remotely/);
    expect(log.complete).toBe(true);
    // The server ran nothing itself: no process but the worker could have claimed the jobs.
    expect(running.logs.some((record) => record.level !== undefined && Number(record.level) >= 50)).toBe(false);

    // SIGTERM drains: nothing runs, so it stops at once and says so.
    running.child.kill('SIGTERM');
    expect(await running.exited).toEqual({ code: 0, signal: null });
    expect(running.logs.some((record) => record.msg === 'pipewright worker stopped')).toBe(true);
  });

  it('fails a build whose worker was killed, once its lease has run out', { timeout: 120_000 }, async () => {
    const gate = join(scratch, 'building');
    const doomed = await worker('worker-doomed');
    await server!.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(
          'killed',
          [
            { name: 'Source', actions: [codeCommitSource('app')] },
            { name: 'Build', actions: [commands('Loop', [`touch ${gate}`, `while [ ! -f ${join(scratch, 'stop')} ]; do sleep 0.2; done`])] },
          ],
          { pipelineType: 'V2' },
        ),
      }),
    );
    const executionId = await latestExecution('killed');
    await eventually(() => existsSync(gate), 'the build to run on the worker', 90_000);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    // A Commands action may have done part of its work: it is failed, not run again (AWS's job timeouts fail it too).
    const ended = await waitForExecution(server!.client, 'killed', executionId, { timeoutMs: 60_000 });
    expect(ended.status).toBe('Failed');
    expect(ended.statusSummary).toMatch(/stopped before reporting a result/);
  });

  it('waits for a restarted server and runs what it queues then', { timeout: 120_000 }, async () => {
    const waiting = await worker('worker-patient');
    await stopServerProcess(server!);
    await waiting.logged((record) => record.msg === 'cannot reach the server; trying again' || record.msg === 'the server ended the job signals stream; connecting again', 'that it lost the server');
    server = await startServerProcess(serverDir, serverEnv, { port });
    await waiting.logged((record) => record.msg === 'reconnected to the server', 'that it reconnected');
    await server.client.send(new StartPipelineExecutionCommand({ name: 'remote' }));
    const executionId = await latestExecution('remote');
    const execution = await waitForExecution(server.client, 'remote', executionId, { timeoutMs: 90_000 });
    expect(execution.status, execution.statusSummary).toBe('Succeeded');
  });
});
