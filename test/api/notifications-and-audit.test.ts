import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreatePipelineCommand,
  DisableStageTransitionCommand,
  GetPipelineCommand,
  ListPipelineExecutionsCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually as recorded } from '../actions/kit/wait.js';
import { eventually } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/** A real HTTP listener that records what it is sent, answering with `status`. */
async function listener(status: number): Promise<{ url: string; received: Record<string, unknown>[]; server: Server }> {
  const received: Record<string, unknown>[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

describe('notification rules and the audit record', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      configure: (config) => {
        config.notificationRetryDelayMs = 50;
        // The targets here are loopback listeners (test/api/hardening/notification-targets.test.ts: refused by default).
        config.allowPrivateNotificationTargets = true;
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  async function api(path: string, init?: RequestInit): Promise<{ status: number; json: Record<string, unknown> }> {
    // JSON, as the console sends it: the CSRF guard refuses the text/plain fetch sends a string as by default.
    const response = await fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
    return { status: response.status, json: response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>) };
  }

  it('delivers matching events to HTTP targets, and a target that is down delays no other', async () => {
    const good = await listener(200);
    const down = await listener(503);
    const pattern = { source: ['aws.codepipeline'], 'detail-type': ['CodePipeline Pipeline Execution State Change'], detail: { pipeline: ['notified'], state: ['SUCCEEDED'] } };
    const created = await api('/api/notification-rules', {
      method: 'POST',
      body: JSON.stringify({ name: 'releases', eventPattern: pattern, target: { url: good.url, headers: { 'x-team': 'ops' } } }),
    });
    expect(created.status).toBe(201);
    const broken = await api('/api/notification-rules', { method: 'POST', body: JSON.stringify({ name: 'broken', eventPattern: pattern, target: { url: down.url } }) });
    expect((await api('/api/notification-rules', { method: 'POST', body: JSON.stringify({ name: 'bad', eventPattern: { detail: { state: [] } }, target: { url: good.url } }) })).json).toEqual({
      __type: 'ValidationException',
      message: 'eventPattern.detail.state must list at least one value.',
    });

    await hostedRepository(server.dataDir, 'notified', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - "true"\n' });
    await server.client.send(
      new CreatePipelineCommand({ pipeline: declaration('notified', [{ name: 'Source', actions: [codeCommitSource('notified')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }),
    );
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'notified' }));
    const id = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    await waitForExecution(server.client, 'notified', id);
    await eventually(() => good.received.length === 1, 'the notification');
    expect(good.received[0]).toMatchObject({
      version: '0',
      source: 'aws.codepipeline',
      'detail-type': 'CodePipeline Pipeline Execution State Change',
      account: '123456789012',
      region: 'us-east-1',
      resources: ['arn:aws:codepipeline:us-east-1:123456789012:notified'],
      detail: { pipeline: 'notified', 'execution-id': id, state: 'SUCCEEDED', version: 1 },
    });
    const ruleId = (broken.json as { id: string }).id;
    await eventually(() => down.received.length === 5, 'five attempts at the target that is down', 20_000);
    // An attempt is recorded once its answer is in: the fifth a moment after the target saw it.
    const deliveries = await recorded(async () => {
      const { json } = await api(`/api/notification-rules/${ruleId}/deliveries`);
      const all = json.deliveries as { attempt: number; outcome: string; responseStatus: number }[];
      return all.length >= 5 ? all : undefined;
    }, 'five delivery records');
    expect(deliveries.map((delivery) => delivery.attempt).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(deliveries.every((delivery) => delivery.outcome === 'Failed' && delivery.responseStatus === 503)).toBe(true);
    expect((await api(`/api/notification-rules/${ruleId}`, { method: 'DELETE' })).status).toBe(204);
    good.server.close();
    down.server.close();
  });

  it('records every call that changes something, refused ones too, with who and how it ended', async () => {
    await hostedRepository(server.dataDir, 'audited', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - "true"\n' });
    await server.client.send(
      new CreatePipelineCommand({ pipeline: declaration('audited', [{ name: 'Source', actions: [codeCommitSource('audited')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }),
    );
    await server.client.send(new GetPipelineCommand({ name: 'audited' }));
    await server.client.send(new DisableStageTransitionCommand({ pipelineName: 'audited', stageName: 'Build', transitionType: 'Inbound', reason: 'audit me' }));
    await expect(
      server.client.send(new StopPipelineExecutionCommand({ pipelineName: 'audited', pipelineExecutionId: '00000000-0000-4000-8000-000000000000' })),
    ).rejects.toThrow();
    const { json } = await api('/api/audit?pipeline=audited');
    const records = json.records as { operation: string; outcome: string; principal: string; requestId: string }[];
    expect(records.map((record) => [record.operation, record.outcome])).toEqual([
      ['StopPipelineExecution', 'PipelineExecutionNotStoppableException'],
      ['DisableStageTransition', 'Succeeded'],
      ['CreatePipeline', 'Succeeded'],
    ]);
    expect(records.every((record) => record.principal.endsWith(':user/AKIDTESTPIPEWRIGHT') && record.requestId.length === 36)).toBe(true);
  });
});
