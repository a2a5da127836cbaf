import { Agent, get, request, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/**
 * A stop must not wait for clients. Node's `server.close()` closes the keep-alive connections that are
 * idle at that moment; one whose call was still in flight (its body arriving, its answer being written)
 * fell idle afterwards and held the close for the whole keep-alive timeout (72 s): `pipewright server`
 * then outlived SIGTERM past any supervisor's patience (seen in CI under load).
 */
describe('closing the server with clients connected', () => {
  let server: TestServer | undefined;
  const agent = new Agent({ keepAlive: true });
  afterEach(async () => {
    agent.destroy();
    await server?.close().catch(() => undefined);
    server = undefined;
  });

  /** Far below the 72 s keep-alive timeout that held it before, far above a loaded machine's close. */
  async function closesSoon(running: TestServer): Promise<'closed' | 'still open'> {
    return Promise.race([
      running.close().then(() => 'closed' as const),
      new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 20_000).unref()),
    ]);
  }

  it('answers a call in flight when the close begins, then closes its keep-alive connection', async () => {
    server = await startTestServer();
    const running = server;
    const body = JSON.stringify({});
    const call = request(`${running.url}/`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CodePipeline_20150709.ListPipelines', 'content-length': Buffer.byteLength(body) },
    });
    const answered = new Promise<{ status: number | undefined; text: string }>((resolve, reject) => {
      call.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode, text }));
      });
      call.on('error', reject);
    });
    // The headers are in, the body is not: the call is in flight.
    call.write(body.slice(0, 1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closing = closesSoon(running);
    call.end(body.slice(1));
    expect(await answered).toEqual({ status: 200, text: JSON.stringify({ pipelines: [] }) });
    expect(await closing).toBe('closed');
    server = undefined;
  }, 40_000);

  it('ends an open event stream and closes its keep-alive connection', async () => {
    server = await startTestServer();
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      get(`${server!.url}/api/events?lastEventId=0`, { agent }, resolve).on('error', reject);
    });
    expect(response.headers['content-type']).toContain('text/event-stream');
    const streamEnded = new Promise<void>((resolve) => response.on('close', resolve));
    response.resume();
    expect(await closesSoon(server)).toBe('closed');
    await streamEnded;
    server = undefined;
  }, 40_000);
});
