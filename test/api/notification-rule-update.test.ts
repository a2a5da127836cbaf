import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreatePipelineCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/** A real HTTP listener that records the headers and bodies it is sent. */
async function listener(): Promise<{ url: string; received: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[]; server: Server }> {
  const received: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(body) as Record<string, unknown> });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

/**
 * `PUT /api/notification-rules/<id>`: a rule changed in place (the console's edit). Its write-only
 * header values are kept when the change does not name headers; a refused change changes nothing.
 */
describe('changing a notification rule', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ configure: (config) => void (config.allowPrivateNotificationTargets = true) });
  });
  afterAll(async () => {
    await server.close();
  });

  async function api(path: string, init?: RequestInit): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
    return { status: response.status, json: response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>) };
  }

  it('changes name, pattern and target in place, keeps the headers, and delivers to the new target', async () => {
    const before = await listener();
    const after = await listener();
    const pattern = (pipeline: string) => ({ 'detail-type': ['CodePipeline Pipeline Execution State Change'], detail: { pipeline: [pipeline], state: ['SUCCEEDED'] } });
    const created = await api('/api/notification-rules', { method: 'POST', body: JSON.stringify({ name: 'releases', eventPattern: pattern('other'), target: { url: before.url, headers: { 'x-team': 'ops' } } }) });
    const id = created.json.id as string;

    const refused = await api(`/api/notification-rules/${id}`, { method: 'PUT', body: JSON.stringify({ name: 'releases', eventPattern: pattern('edited'), target: { url: 'ftp://nowhere' } }) });
    expect(refused).toEqual({ status: 400, json: { __type: 'ValidationException', message: 'target.url must be an http:// or https:// URL.' } });
    expect(((await api('/api/notification-rules')).json.rules as unknown[])[0]).toEqual(created.json);

    const changed = await api(`/api/notification-rules/${id}`, { method: 'PUT', body: JSON.stringify({ name: 'edited-releases', eventPattern: pattern('edited'), target: { url: after.url } }) });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ id, name: 'edited-releases', eventPattern: pattern('edited'), target: { url: after.url, headers: { 'x-team': '****' } }, created: created.json.created });
    expect(await api('/api/notification-rules/no-such-rule', { method: 'PUT', body: JSON.stringify({ name: 'x', eventPattern: pattern('edited'), target: { url: after.url } }) })).toEqual({
      status: 404,
      json: { __type: 'ResourceNotFoundException', message: 'No notification rule no-such-rule.' },
    });

    await hostedRepository(server.dataDir, 'edited', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - "true"\n' });
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration('edited', [{ name: 'Source', actions: [codeCommitSource('edited')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }));
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'edited' }));
    expect((await waitForExecution(server.client, 'edited', pipelineExecutionSummaries![0]!.pipelineExecutionId!)).status).toBe('Succeeded');
    await eventually(() => after.received.length === 1, 'the notification at the new target');
    // The header value given when the rule was created, never shown since, still goes with each delivery.
    expect(after.received[0]!.headers['x-team']).toBe('ops');
    expect(after.received[0]!.body).toMatchObject({ detail: { pipeline: 'edited', state: 'SUCCEEDED' } });
    expect(before.received).toEqual([]);
    before.server.close();
    after.server.close();
  });
});
