import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../actions/kit/wait.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository } from '../../kit/pipelines.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/**
 * A notification target that answers with a redirect is not followed: a public target could otherwise
 * send the server, with the rule's headers, to an address the checks refuse (169.254.169.254). The
 * redirect is recorded as a failed delivery.
 */
describe('notification targets that redirect', () => {
  let server: TestServer;
  let inner: Awaited<ReturnType<typeof listen>>;
  let redirecting: Awaited<ReturnType<typeof listen>>;
  let innerHits = 0;

  beforeAll(async () => {
    inner = await listen((request, response) => {
      innerHits += 1;
      request.resume();
      response.writeHead(200).end();
    });
    redirecting = await listen((request, response) => {
      request.resume();
      response.writeHead(302, { location: inner.url }).end();
    });
    // Loopback listeners stand in for a public target and an internal address: the setting lets the rule be made.
    server = await startTestServer({
      configure: (config) => {
        config.allowPrivateNotificationTargets = true;
        config.notificationRetryDelayMs = 10;
      },
    });
  });
  afterAll(async () => {
    await server.close();
    inner.server.close();
    redirecting.server.close();
  });

  it('records the redirect as a failure and never follows it', async () => {
    const created = await fetch(`${server.url}/api/notification-rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'moved', eventPattern: { source: ['aws.codepipeline'] }, target: { url: redirecting.url, headers: { authorization: 'Bearer t' } } }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await hostedRepository(server.dataDir, 'moved', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - "true"\n' });
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration('moved', [{ name: 'Source', actions: [codeCommitSource('moved')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }));
    const failed = await eventually(async () => {
      const { deliveries } = (await (await fetch(`${server.url}/api/notification-rules/${id}/deliveries`)).json()) as { deliveries: { outcome: string; responseStatus?: number; error?: string }[] };
      return deliveries.find((delivery) => delivery.outcome === 'Failed');
    }, 'a failed delivery');
    expect(failed).toMatchObject({ responseStatus: 302, error: 'HTTP 302' });
    expect(innerHits).toBe(0);
  });
});
