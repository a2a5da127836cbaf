import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** How often a quiet stream sends a comment, so proxies and load balancers keep it open. */
export const heartbeatMs = 15_000;

/**
 * One Server-Sent Events response, written by hand (the reply is hijacked from Fastify). Writes wait for
 * the socket to drain when its buffer is full, so a slow reader slows the writer instead of piling the
 * stream up in memory. `closed` resolves once the client is gone or `end()` was called; a closed stream
 * ignores further writes.
 */
export class SseStream {
  readonly closed: Promise<void>;
  private done = false;
  private draining: Promise<void> | undefined;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly reply: FastifyReply;
  private markClosed: () => void = () => undefined;

  constructor(request: FastifyRequest, reply: FastifyReply, options: { retryMs?: number } = {}) {
    this.reply = reply;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx buffers responses unless told not to; a buffered event stream is no stream.
      'x-accel-buffering': 'no',
    });
    raw.flushHeaders();
    this.closed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
    const onClose = (): void => {
      this.done = true;
      clearInterval(this.heartbeat);
      this.markClosed();
    };
    request.raw.socket.once('close', onClose);
    raw.once('close', onClose);
    this.heartbeat = setInterval(() => {
      // A stream waiting for its reader to drain needs no keep-alive: it is not quiet.
      if (this.draining === undefined) this.write(': heartbeat\n\n');
    }, heartbeatMs);
    this.heartbeat.unref();
    this.write(`retry: ${options.retryMs ?? 2000}\n\n`);
  }

  get isClosed(): boolean {
    return this.done;
  }

  /** Sends one event; resolves when it may send the next (the socket took it, or the stream closed). */
  async send(event: { id?: string | number; event?: string; data: string }): Promise<void> {
    let text = '';
    if (event.id !== undefined) text += `id: ${event.id}\n`;
    if (event.event !== undefined) text += `event: ${event.event}\n`;
    for (const line of event.data.split('\n')) text += `data: ${line}\n`;
    this.write(`${text}\n`);
    if (this.draining !== undefined) await this.draining;
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    clearInterval(this.heartbeat);
    this.reply.raw.end();
    this.markClosed();
  }

  private write(text: string): void {
    if (this.done) return;
    const raw = this.reply.raw;
    if (!raw.write(text) && this.draining === undefined) {
      this.draining = new Promise<void>((resolve) => {
        const settle = (): void => {
          raw.off('drain', settle);
          raw.off('close', settle);
          this.draining = undefined;
          resolve();
        };
        raw.once('drain', settle);
        raw.once('close', settle);
      });
    }
  }
}

/** Opens event streams for the routes of one app. */
export type SseStreamOpener = (request: FastifyRequest, reply: FastifyReply) => SseStream;

const openers = new WeakMap<FastifyInstance, SseStreamOpener>();

/**
 * The event streams of `app`, ended when the server closes: a stream never ends by itself, and Fastify's
 * close would otherwise wait for it forever. Call while registering routes (hooks cannot be added later).
 */
export function sseStreams(app: FastifyInstance): SseStreamOpener {
  const existing = openers.get(app);
  if (existing !== undefined) return existing;
  const streams = new Set<SseStream>();
  app.addHook('preClose', (done) => {
    for (const stream of streams) stream.end();
    done();
  });
  const open: SseStreamOpener = (request, reply) => {
    const stream = new SseStream(request, reply);
    streams.add(stream);
    void stream.closed.then(() => streams.delete(stream));
    return stream;
  };
  openers.set(app, open);
  return open;
}
