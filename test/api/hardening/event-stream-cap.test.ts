import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../actions/kit/wait.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';

/** Opens `GET /api/events` and resolves once the answer's head is in (the stream stays open). */
function openStream(url: string): Promise<{ response: IncomingMessage; outgoing: ClientRequest; body: () => Promise<string> }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path: '/api/events?lastEventId=0', headers: { accept: 'text/event-stream' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      const ended = new Promise<string>((done) => response.on('end', () => done(Buffer.concat(chunks).toString('utf8'))));
      resolve({ response, outgoing, body: () => ended });
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    outgoing.end();
  });
}

/**
 * Event streams are capped (PIPEWRIGHT_MAX_EVENT_STREAMS): one more is refused with AWS's
 * ThrottlingException, and a place frees up when a reader leaves. The replays' effect on
 * GetPipelineState is measured by bench/event-stream-replays.ts (docs/decisions/hardening.md).
 */
describe('event stream cap', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ configure: (config) => (config.http = { ...config.http, maxEventStreams: 2 }) });
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a stream over the cap with ThrottlingException, and takes one again when a reader leaves', async () => {
    const first = await openStream(server.url);
    const second = await openStream(server.url);
    expect([first.response.statusCode, second.response.statusCode]).toEqual([200, 200]);
    const third = await openStream(server.url);
    expect(third.response.statusCode).toBe(400);
    expect(third.response.headers['x-amzn-errortype']).toBe('ThrottlingException');
    expect(JSON.parse(await third.body())).toEqual({
      __type: 'ThrottlingException',
      message: 'Too many event streams are open (2, PIPEWRIGHT_MAX_EVENT_STREAMS); close one or try again later.',
    });

    first.outgoing.destroy();
    const again = await eventually(async () => {
      const attempt = await openStream(server.url);
      if (attempt.response.statusCode === 200) return attempt;
      attempt.outgoing.destroy();
      return undefined;
    }, 'a place after a reader left');
    expect(again.response.headers['content-type']).toContain('text/event-stream');
    again.outgoing.destroy();
    second.outgoing.destroy();
  });
});
