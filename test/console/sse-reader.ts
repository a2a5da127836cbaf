import { readEvents, type ServerSentEvent } from '../../src/client/server-sent-events.js';

/** One Server-Sent Event as a reader sees it. */
export type SseEvent = ServerSentEvent;

/**
 * Reads a real `text/event-stream` response over HTTP (fetch), parsed by the client's reader:
 * `next()` waits for the following event, with a deadline; `close()` drops the connection.
 */
export class SseReader {
  private readonly events: SseEvent[] = [];
  private ended = false;
  private wake: (() => void) | undefined;
  private readonly controller: AbortController;
  readonly status: number;
  readonly contentType: string | null;

  private constructor(response: Response, controller: AbortController) {
    this.controller = controller;
    this.status = response.status;
    this.contentType = response.headers.get('content-type');
    void this.pump(response);
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const controller = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
    return new SseReader(response, controller);
  }

  /** The next event, waiting up to `timeoutMs`; undefined if the stream ended first. */
  async next(timeoutMs = 20_000): Promise<SseEvent | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = this.events.shift();
      if (event !== undefined) return event;
      if (this.ended) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no event arrived in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Events until `until` says stop (that event included). */
  async collect(until: (event: SseEvent) => boolean, timeoutMs = 30_000): Promise<SseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    const seen: SseEvent[] = [];
    for (;;) {
      const event = await this.next(Math.max(1, deadline - Date.now()));
      if (event === undefined) return seen;
      seen.push(event);
      if (until(event)) return seen;
    }
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  close(): void {
    this.controller.abort();
  }

  private async pump(response: Response): Promise<void> {
    // readEvents ends quietly when close() aborts the request or the server goes away.
    for await (const event of readEvents(response)) {
      this.events.push(event);
      this.wake?.();
    }
    this.ended = true;
    this.wake?.();
  }
}
