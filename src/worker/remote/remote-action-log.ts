import type { Logger } from 'pino';
import { apiJson } from '../../client/api-fetch.js';
import type { Connection } from '../../client/connection.js';
import type { ActionLog, LogStream } from '../../core/contracts/action-log.js';
import { workerRoutes, type LogEntry, type LogRequest } from '../../core/jobs/worker-protocol.js';
import { Backoff, pause } from './backoff.js';
import { isTransient } from './server-errors.js';

/** Output is sent this often while it comes: live enough to follow, few enough requests. */
const flushEveryMs = 200;
/** Entries kept while the server does not answer; beyond this the oldest go, and the log says so. */
const maxPending = 50_000;
/** How long a closing log keeps trying to reach a server that does not answer. */
const closeWithinMs = 60_000;

/**
 * The log of one job run by `pipewright worker`, streamed to the server that handed the job out: the
 * server writes it to its own action log (masking, lines, completion as for any job), so the console
 * and `pipewright logs --follow` read it live. Masks travel first, in order, with the lines they hide.
 * A server that does not answer is waited for; the entries wait with it, up to a bound.
 */
export class RemoteActionLog implements ActionLog {
  private pending: LogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  private closed = false;
  private dropped = 0;

  constructor(
    private readonly options: { connection: Connection; jobId: string; workerId: string; logger: Logger },
  ) {}

  mask(secret: string): void {
    if (secret !== '') this.push({ mask: secret });
  }

  line(stream: LogStream, text: string): void {
    this.push({ line: text, stream });
  }

  write(stream: LogStream, chunk: Buffer | string): void {
    this.push({ write: typeof chunk === 'string' ? chunk : chunk.toString('utf8'), stream });
  }

  close(): Promise<void> {
    if (this.closed) return this.sending;
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    return this.flush(true);
  }

  private push(entry: LogEntry): void {
    if (this.closed) return;
    this.pending.push(entry);
    if (this.pending.length > maxPending) {
      // Masks are kept whatever happens: a line sent later must still be masked.
      const drop = this.pending.findIndex((candidate) => !('mask' in candidate));
      if (drop !== -1) {
        this.pending.splice(drop, 1);
        this.dropped += 1;
      }
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush(false).catch(() => undefined);
    }, flushEveryMs);
  }

  /** One request at a time, in order; `last` closes the log on the server. */
  private flush(last: boolean): Promise<void> {
    this.sending = this.sending.then(() => this.send(last));
    return this.sending;
  }

  private async send(last: boolean): Promise<void> {
    if (this.pending.length === 0 && !last) return;
    const { connection, jobId, workerId, logger } = this.options;
    if (this.dropped > 0) {
      this.pending.unshift({ line: `[${this.dropped} log entries were lost while the server could not be reached]`, stream: 'system' });
      this.dropped = 0;
    }
    const entries = this.pending;
    this.pending = [];
    const request: LogRequest = { workerId, entries, ...(last ? { close: true } : {}) };
    const backoff = new Backoff(250, 5_000);
    const giveUpAt = Date.now() + closeWithinMs;
    for (;;) {
      try {
        await apiJson(connection, workerRoutes.log(jobId), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
        return;
      } catch (error) {
        if (!isTransient(error) || (last && Date.now() >= giveUpAt)) {
          logger.warn({ err: error, job: jobId, entries: entries.length }, 'could not send log lines to the server');
          if (last) throw error;
          return;
        }
        if (!last) {
          // Keep them for the next flush, before what came since.
          this.pending = [...entries, ...this.pending];
          this.timer ??= setTimeout(() => {
            this.timer = undefined;
            void this.flush(false).catch(() => undefined);
          }, backoff.next());
          return;
        }
        await pause(backoff.next());
      }
    }
  }
}
