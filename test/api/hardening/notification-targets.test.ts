import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../../../src/server/config.js';
import { startServer, type RunningServer } from '../../../src/server/start-server.js';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { eventually } from '../../actions/kit/wait.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository } from '../../kit/pipelines.js';

/** A loopback listener recording the headers of what it is sent. */
async function listener(): Promise<{ url: string; received: IncomingHttpHeaders[]; server: Server }> {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received.push(request.headers);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}/hook`, received, server };
}

/**
 * Notification rules are made by whoever reaches the API: their targets must not turn the server into a
 * proxy to its own loopback, a cloud metadata service or a private network (SSRF), and the header values
 * they carry (tokens for the target) are write-only. Real servers, a real listener, real DNS for `localhost`.
 */
describe('notification targets', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-targets-'));
  const logger = pino({ level: process.env.PIPEWRIGHT_TEST_LOG ?? 'silent' });
  let target: Awaited<ReturnType<typeof listener>>;
  let running: RunningServer | undefined;

  async function start(allowPrivate: boolean): Promise<{ server: RunningServer; client: CodePipelineClient }> {
    const config = resolveServerConfig({ host: '127.0.0.1', port: 0, dataDir }, {});
    config.allowPrivateNotificationTargets = allowPrivate;
    config.notificationRetryDelayMs = 20;
    running = await startServer(config, { logger });
    const client = new CodePipelineClient({ endpoint: running.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 's' }, maxAttempts: 1 });
    return { server: running, client };
  }
  async function post(server: RunningServer, body: unknown): Promise<{ status: number; text: string }> {
    const response = await fetch(`${server.url}/api/notification-rules`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, text: await response.text() };
  }
  const everything = { source: ['aws.codepipeline'], 'detail-type': ['CodePipeline Pipeline Execution State Change'] };

  beforeAll(async () => {
    target = await listener();
    await hostedRepository(dataDir, 'notify', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - "true"\n' });
  });
  afterAll(async () => {
    await running?.close();
    target.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses loopback, link-local and private targets by default, and creates nothing', async () => {
    const { server, client } = await start(false);
    for (const url of [target.url, 'http://127.0.0.1:9/x', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:9/', 'http://10.1.2.3/', 'http://[fd00::1]/', 'http://0.0.0.0:9/']) {
      const refused = await post(server, { name: 'internal', eventPattern: everything, target: { url } });
      expect([url, refused.status]).toEqual([url, 400]);
      expect(JSON.parse(refused.text)).toMatchObject({ __type: 'ValidationException', message: expect.stringContaining('PIPEWRIGHT_ALLOW_PRIVATE_NOTIFICATION_TARGETS') as unknown });
    }
    expect(JSON.parse(await (await fetch(`${server.url}/api/notification-rules`)).text())).toEqual({ rules: [] });
    client.destroy();
    await server.close();
    running = undefined;
  });

  it('keeps header values write-only, and checks the address again when it sends (DNS rebinding)', async () => {
    // Allowed by the setting: the rule is made, its token reaches the target, and no route shows it.
    const first = await start(true);
    const created = await post(first.server, { name: 'team', eventPattern: everything, target: { url: target.url, headers: { Authorization: 'Bearer s3cret-token' } } });
    expect(created.status).toBe(201);
    expect(created.text).not.toContain('s3cret-token');
    expect(JSON.parse(created.text)).toMatchObject({ target: { url: target.url, headers: { Authorization: '****' } } });
    const listed = await (await fetch(`${first.server.url}/api/notification-rules`)).text();
    expect(listed).not.toContain('s3cret-token');
    expect(listed).toContain('"Authorization":"****"');
    const ruleId = (JSON.parse(created.text) as { id: string }).id;

    await first.client.send(new CreatePipelineCommand({ pipeline: declaration('notify', [{ name: 'Source', actions: [codeCommitSource('notify')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }));
    await eventually(() => (target.received.length > 0 ? true : undefined), 'the first notification');
    expect(target.received[0]?.authorization).toBe('Bearer s3cret-token');
    first.client.destroy();
    await first.server.close();
    running = undefined;

    // The same rule, the same name, after a restart without the setting: `localhost` now resolves to a
    // refused address at the moment of sending (as a rebound name would), so nothing more is sent.
    const second = await start(false);
    const before = target.received.length;
    await second.client.send(new StartPipelineExecutionCommand({ name: 'notify' }));
    const refused = await eventually(async () => {
      const { deliveries } = (await (await fetch(`${second.server.url}/api/notification-rules/${ruleId}/deliveries`)).json()) as { deliveries: { outcome: string; error?: string }[] };
      return deliveries.find((delivery) => delivery.outcome === 'Failed');
    }, 'a refused delivery');
    expect(refused.error).toMatch(/loopback/);
    expect(target.received.length).toBe(before);
    second.client.destroy();
  });
});
