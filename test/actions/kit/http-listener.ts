import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP server that records what it receives, as a notification target would. Each path answers
 * with the statuses queued for it in turn (200 once they run out).
 */
export interface HttpListener {
  url: string;
  received: ReceivedRequest[];
  /** Queues the statuses the next requests to `path` get. */
  answer(path: string, ...statuses: number[]): void;
  /** Resolves with the `count`-th request to `path` (1-based) once it has arrived. */
  request(path: string, count?: number, timeoutMs?: number): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

export async function startHttpListener(): Promise<HttpListener> {
  const received: ReceivedRequest[] = [];
  const queued = new Map<string, number[]>();
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ method: request.method ?? '', path, headers: request.headers, body });
      const status = queued.get(path)?.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer: (path, ...statuses) => queued.set(path, [...(queued.get(path) ?? []), ...statuses]),
    request: async (path, count = 1, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.filter((candidate) => candidate.path === path)[count - 1];
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`No request ${count} to ${path} arrived; received ${received.map((r) => r.path).join(', ')}.`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
