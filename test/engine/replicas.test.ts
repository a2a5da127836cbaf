import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand, GetPipelineExecutionCommand, ListPipelineExecutionsCommand, PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents, type ServerSentEvent } from '../../src/client/server-sent-events.js';
import { dropTestSchema } from '../../src/store/test-kit/store-dialects.js';
import { codeCommitSource, declaration, hostedRepository, stage, waitForState } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { startTestS3, type TestS3 } from '../artifacts/kit/s3-server.js';

const url = process.env.PIPEWRIGHT_TEST_DATABASE_URL;

interface ExecutionEvent {
  'detail-type': string;
  detail: { state: string; 'execution-id': string };
}

/**
 * Two replicas on one PostgreSQL schema, each with its own engine and signals (two real servers in this
 * process): replica A takes no jobs (PIPEWRIGHT_WORKER_CONCURRENCY=0), so the execution started on A runs
 * only if A's decision reaches B's worker (jobsQueued over LISTEN/NOTIFY); B's event stream shows what A
 * decided; each replica serves the state the other stored; the execution ends once.
 */
describe.skipIf(url === undefined || url === '')('replicas on one PostgreSQL database', () => {
  const schema = `pw_test_${randomBytes(6).toString('hex')}`;
  let a: TestServer;
  let b: TestServer;
  let s3: TestS3;
  const storeLocation = { kind: 'postgres' as const, url: url!, schema };
  beforeAll(async () => {
    // Replicas share their artifacts: both on one S3-compatible server (s3rver).
    s3 = await startTestS3(['artifacts']);
    a = await startTestServer({ storeLocation, env: { PIPEWRIGHT_WORKER_CONCURRENCY: '0' }, configure: (config) => (config.s3 = s3.settings) });
    b = await startTestServer({ storeLocation, configure: (config) => (config.s3 = s3.settings) });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await s3?.close();
    await dropTestSchema(url!, schema);
  });

  it('refuses a further server whose artifacts are in its data directory, saying why', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-refused-'));
    await expect(startTestServer({ storeLocation, dataDir })).rejects.toThrow(/Another Pipewright server is running on this database\. Replicas must share their artifacts/);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs an execution started on A with the worker of B, streams it on B, and decides each step once', async () => {
    // The source job runs on B's worker, in B's data directory; the approval needs no artifact.
    for (const server of [a, b]) await hostedRepository(server.dataDir, 'replicated', { 'README.md': 'two replicas\n' });
    const abort = new AbortController();
    const response = await fetch(`${b.url}/api/events`, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
    const streamedOnB: ExecutionEvent[] = [];
    const reading = (async () => {
      for await (const event of readEvents(response) as AsyncGenerator<ServerSentEvent>) {
        const parsed = JSON.parse(event.data) as ExecutionEvent;
        if (parsed['detail-type'] === 'CodePipeline Pipeline Execution State Change') streamedOnB.push(parsed);
        if (parsed.detail.state === 'SUCCEEDED' && parsed['detail-type'] === 'CodePipeline Pipeline Execution State Change') return;
      }
    })();

    await a.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('replicated', [
          { name: 'Source', actions: [codeCommitSource('replicated')] },
          { name: 'Approve', actions: [{ name: 'Review', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
        ]),
      }),
    );
    const { pipelineExecutionSummaries } = await a.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'replicated' }));
    const executionId = pipelineExecutionSummaries![0]!.pipelineExecutionId!;

    // B serves the approval waiting (decided by B after its worker ran the source), A serves it too.
    const review = (states: Parameters<Parameters<typeof waitForState>[2]>[0]) => stage(states, 'Approve').actionStates?.[0]?.latestExecution;
    const onB = await waitForState(b.client, 'replicated', (states) => review(states)?.token !== undefined, 'the approval on B');
    await waitForState(a.client, 'replicated', (states) => review(states)?.token !== undefined, 'the approval on A');
    await a.client.send(
      new PutApprovalResultCommand({ pipelineName: 'replicated', stageName: 'Approve', actionName: 'Review', token: review(onB)!.token!, result: { status: 'Approved', summary: 'from A' } }),
    );

    await reading;
    abort.abort();
    // B decided the source's end; A decided the start and the approval: B's stream shows both ends.
    expect(streamedOnB.filter((event) => event.detail['execution-id'] === executionId).map((event) => event.detail.state)).toEqual(['STARTED', 'SUCCEEDED']);
    // Fresh on B too: its cached state (loaded while the approval waited) gave way to what A stored.
    const { pipelineExecution } = await b.client.send(new GetPipelineExecutionCommand({ pipelineName: 'replicated', pipelineExecutionId: executionId }));
    expect(pipelineExecution?.status).toBe('Succeeded');
    await waitForState(b.client, 'replicated', (states) => review(states)?.status === 'Succeeded', 'the approval succeeded, on B');
    const logged = await a.store.listEvents({ afterSequence: 0, limit: 1000 });
    const ends = logged.filter((event) => event.detailType === 'CodePipeline Pipeline Execution State Change' && event.detail.state === 'SUCCEEDED');
    expect(ends).toHaveLength(1);
    const sourceRuns = logged.filter((event) => event.detailType === 'CodePipeline Action Execution State Change' && event.detail.action === 'Checkout' && event.detail.state === 'STARTED');
    expect(sourceRuns).toHaveLength(1);
  });
});
