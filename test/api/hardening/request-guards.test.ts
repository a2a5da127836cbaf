import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, rawRequest } from '../../kit/raw-http.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';

/**
 * The guards at the door, probed over real HTTP as an attacker's page, a rebinding browser or a careless
 * client would: Host names (DNS rebinding), cross-origin and simple-content-type writes (CSRF), bodies
 * and headers over the limits and clients too slow to send their headers. Errors are AWS's common
 * errors (https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/common-errors.html): AccessDeniedException
 * 403, RequestEntityTooLargeException 413, RequestTimeoutException 408.
 */
describe('request guards', () => {
  let server: TestServer;
  const json = 'application/x-amz-json-1.1';
  const target = (operation: string): Record<string, string> => ({ 'content-type': json, 'x-amz-target': `CodePipeline_20150709.${operation}` });

  beforeAll(async () => {
    server = await startTestServer({
      configure: (config) => {
        config.publicUrl = 'https://pipewright.example.com';
        config.http = { ...config.http, maxBodyBytes: 64 * 1024, maxHeaderBytes: 4096, headersTimeoutMs: 400, idleTimeoutMs: 500 };
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const port = (): string => new URL(server.url).port;
  const createBody = JSON.stringify({
    pipeline: {
      name: 'probe',
      roleArn: 'arn:aws:iam::123456789012:role/x',
      artifactStore: { type: 'S3', location: 'b' },
      stages: [
        { name: 'Source', actions: [{ name: 'S', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' }, configuration: { S3Bucket: 'b', S3ObjectKey: 'k' }, outputArtifacts: [{ name: 'o' }] }] },
        { name: 'Run', actions: [{ name: 'C', actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' }, configuration: {}, commands: ['id'], inputArtifacts: [{ name: 'o' }] }] },
      ],
    },
  });
  async function pipelineCount(): Promise<number> {
    const listed = await rawRequest(server.url, { method: 'POST', headers: target('ListPipelines'), body: '{}' });
    return (listed.json.pipelines as unknown[]).length;
  }

  it('refuses a Host header that names neither loopback, an IP address nor the public URL (DNS rebinding)', async () => {
    const rebound = await rawRequest(server.url, { method: 'POST', headers: { ...target('ListPipelines'), host: `attacker.example:${port()}` }, body: '{}' });
    expect(rebound.status).toBe(403);
    expect(rebound.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect(rebound.json.__type).toBe('AccessDeniedException');
    expect(rebound.json.message).toContain('"attacker.example:');
    expect(rebound.json.message).toContain('--public-url');
    const console = await rawRequest(server.url, { path: '/api/notification-rules', headers: { host: `rebind.attacker.example:${port()}` } });
    expect(console.status).toBe(403);

    for (const host of [`localhost:${port()}`, `127.0.0.1:${port()}`, 'pipewright.example.com', `PipeWright.Example.com.:443`, `[::1]:${port()}`]) {
      const allowed = await rawRequest(server.url, { method: 'POST', headers: { ...target('ListPipelines'), host }, body: '{}' });
      expect([host, allowed.status]).toEqual([host, 200]);
    }
    // Load balancers probe health by whatever name they have.
    expect((await rawRequest(server.url, { path: '/healthz', headers: { host: 'lb-internal' } })).status).toBe(200);
  });

  it('refuses writes from another origin and with content types any page may send (CSRF), and changes nothing', async () => {
    const refusals: Record<string, string>[] = [
      { ...target('CreatePipeline'), origin: 'https://attacker.example' },
      { ...target('CreatePipeline'), origin: 'null' },
      { ...target('CreatePipeline'), 'sec-fetch-site': 'cross-site' },
      { 'content-type': 'text/plain;charset=UTF-8', 'x-amz-target': 'CodePipeline_20150709.CreatePipeline' },
      { 'content-type': 'application/x-www-form-urlencoded', 'x-amz-target': 'CodePipeline_20150709.CreatePipeline' },
      { 'content-type': 'multipart/form-data; boundary=x', 'x-amz-target': 'CodePipeline_20150709.CreatePipeline' },
    ];
    for (const headers of refusals) {
      const refused = await rawRequest(server.url, { method: 'POST', headers, body: createBody });
      expect([headers, refused.status, refused.json.__type]).toEqual([headers, 403, 'AccessDeniedException']);
    }
    const plain = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/notification-rules',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ name: 'leak', eventPattern: { source: ['aws.codepipeline'] }, target: { url: 'https://hooks.example.com/x' } }),
    });
    expect(plain.status).toBe(403);
    expect(plain.json.message).toContain('Content-Type text/plain is refused');
    expect(await pipelineCount()).toBe(0);
    expect((await rawRequest(server.url, { path: '/api/notification-rules' })).json).toEqual({ rules: [] });

    // The console: same origin, JSON 1.1; and the public URL's origin through a proxy.
    const sameOrigin = await rawRequest(server.url, { method: 'POST', headers: { ...target('ListPipelines'), origin: server.url }, body: '{}' });
    expect(sameOrigin.status).toBe(200);
    const proxied = await rawRequest(server.url, {
      method: 'POST',
      headers: { ...target('ListPipelines'), host: 'pipewright.example.com', origin: 'https://pipewright.example.com', 'sec-fetch-site': 'same-origin' },
      body: '{}',
    });
    expect(proxied.status).toBe(200);
  });

  it('answers a body over the limit with RequestEntityTooLargeException, not Fastify’s words', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(100 * 1024) });
    const refused = await rawRequest(server.url, { method: 'POST', headers: target('GetPipeline'), body: big });
    expect(refused.status).toBe(413);
    expect(refused.json).toEqual({ __type: 'RequestEntityTooLargeException', message: expect.stringContaining(`${64 * 1024} bytes`) as unknown });
    expect(refused.headers['x-amzn-errortype']).toBe('RequestEntityTooLargeException');
  });

  it('answers headers over the limit with 431 and RequestEntityTooLargeException', async () => {
    const refused = await rawRequest(server.url, { path: '/healthz', headers: { 'x-padding': 'p'.repeat(8000) } });
    expect(refused.status).toBe(431);
    expect(refused.json).toEqual({ __type: 'RequestEntityTooLargeException', message: 'The request line and headers are larger than the 4096 bytes this server accepts.' });
  });

  it('closes a connection whose headers do not arrive in time with RequestTimeoutException (slowloris)', async () => {
    // The request never ends: the exchange ends only because the server closes the connection.
    const answer = await rawExchange(server.url, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('"__type":"RequestTimeoutException"');
  });

  it('closes a kept-alive connection that stays silent', async () => {
    // One request asking to keep the connection; the exchange ends only because the server closes it.
    const answer = await rawExchange(server.url, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"status":"ok"');
  });
});
