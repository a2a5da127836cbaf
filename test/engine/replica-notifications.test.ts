import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreatePipelineCommand, PutApprovalResultCommand, StartPipelineExecutionCommand, type CodePipelineClient, type StageState } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestSchema } from '../../src/store/test-kit/store-dialects.js';
import { startTestS3, type TestS3 } from '../artifacts/kit/s3-server.js';
import { eventually } from '../git/git-kit.js';
import { codeCommitSource, declaration, hostedRepository, stage, waitForState } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

const url = process.env.PIPEWRIGHT_TEST_DATABASE_URL;

interface Delivered {
  detail: { state: string; 'execution-id': string };
}

/**
 * Notification rules on two replicas: one replica leads (a session advisory lock) and delivers each event
 * once, whichever replica decided it; when the leader stops, the other takes the lead and delivers on
 * from the rule's durable cursor.
 */
describe.skipIf(url === undefined || url === '')('notifications from replicas', () => {
  const schema = `pw_test_${randomBytes(6).toString('hex')}`;
  let s3: TestS3;
  let a: TestServer;
  let b: TestServer;
  let aStopped = false;
  let target: Server;
  const delivered: Delivered[] = [];
  let targetUrl = '';
  const storeLocation = { kind: 'postgres' as const, url: url!, schema };
  // A half-second between tries to lead, so B takes over soon after A stops.
  // The target listens on loopback, which a notification rule may name only when the operator allows it.
  const env = { PIPEWRIGHT_JOB_LEASE_SECONDS: '1', PIPEWRIGHT_ALLOW_PRIVATE_NOTIFICATION_TARGETS: 'true' };
  beforeAll(async () => {
    s3 = await startTestS3(['artifacts']);
    a = await startTestServer({ storeLocation, env, configure: (config) => (config.s3 = s3.settings) });
    target = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        delivered.push(JSON.parse(body) as Delivered);
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    // Each step says so when it is slow: this hook once ran past its timeout in CI without saying where.
    const step = async (name: string, work: () => Promise<unknown> | undefined): Promise<void> => {
      const slow = setTimeout(() => console.warn(`replica-notifications cleanup: still waiting for ${name}`), 10_000);
      try {
        await work();
      } finally {
        clearTimeout(slow);
      }
    };
    if (!aStopped) await step('server A to close', () => a?.close());
    await step('server B to close', () => b?.close());
    await step('the S3 server to close', () => s3?.close());
    target?.close();
    await step('the test schema to be dropped', () => dropTestSchema(url!, schema));
  }, 90_000);

  async function approveNext(client: CodePipelineClient, approvedBefore: number): Promise<void> {
    const review = (states: StageState[]) => stage(states, 'Approve').actionStates?.[0]?.latestExecution;
    let token = '';
    await waitForState(client, 'notified', (states) => {
      const latest = review(states);
      if (latest?.status !== 'InProgress' || latest.token === undefined) return false;
      token = latest.token;
      return delivered.length >= approvedBefore;
    }, 'an approval waiting');
    await client.send(new PutApprovalResultCommand({ pipelineName: 'notified', stageName: 'Approve', actionName: 'Review', token, result: { status: 'Approved', summary: 'ok' } }));
  }

  it('delivers each event once while A leads, and goes on from B once A has stopped', { timeout: 180_000 }, async () => {
    const created = await fetch(`${a.url}/api/notification-rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'ends',
        eventPattern: { source: ['aws.codepipeline'], 'detail-type': ['CodePipeline Pipeline Execution State Change'], detail: { pipeline: ['notified'], state: ['SUCCEEDED'] } },
        target: { url: targetUrl },
      }),
    });
    expect(created.status).toBe(201);
    // B starts knowing the rule, as every replica does: only the one leading delivers.
    b = await startTestServer({ storeLocation, env, configure: (config) => (config.s3 = s3.settings) });
    for (const server of [a, b]) await hostedRepository(server.dataDir, 'notified', { 'README.md': 'notified\n' });
    await a.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('notified', [
          { name: 'Source', actions: [codeCommitSource('notified')] },
          { name: 'Approve', actions: [{ name: 'Review', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
        ]),
      }),
    );
    await approveNext(b.client, 0);
    await eventually(() => delivered.length >= 1, 'the first execution notified', 60_000);

    await a.close();
    aStopped = true;
    const { pipelineExecutionId } = await b.client.send(new StartPipelineExecutionCommand({ name: 'notified' }));
    await approveNext(b.client, 1);
    await eventually(() => delivered.some((event) => event.detail['execution-id'] === pipelineExecutionId), 'the second execution notified, by B', 60_000);
    expect(delivered).toHaveLength(2);
    expect(new Set(delivered.map((event) => event.detail['execution-id'])).size).toBe(2);
  });
});
