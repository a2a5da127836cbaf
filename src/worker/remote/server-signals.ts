import type { Logger } from 'pino';
import { apiFetch } from '../../client/api-fetch.js';
import type { Connection } from '../../client/connection.js';
import { readEvents } from '../../client/server-sent-events.js';
import { workerRoutes } from '../../core/jobs/worker-protocol.js';
import type { JobTypeId } from '../../core/declaration/types.js';
import { Backoff, pause } from './backoff.js';

export interface ServerSignalListeners {
  /** Jobs may be waiting: of these types, or (undefined) of any, after a (re)connection. */
  jobsAvailable(actionTypeIds?: readonly JobTypeId[]): void;
  jobCancelled(actionExecutionId: string): void;
}

/**
 * The server's word that jobs were queued or cancelled, as one Server-Sent Events stream kept open for
 * as long as the worker runs. A stream that ends (the server restarted, the network dropped) is opened
 * again after a backoff; each time it opens, jobs may have been queued meanwhile, so the worker is told
 * to claim (the `ready` event). No polling while the server is up.
 */
export class ServerSignals {
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly options: { connection: Connection; logger: Logger; listeners: ServerSignalListeners },
  ) {}

  start(): void {
    this.running ??= this.listen();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async listen(): Promise<void> {
    const { connection, logger, listeners } = this.options;
    const backoff = new Backoff();
    let lost = false;
    while (!this.stopping.signal.aborted) {
      try {
        const response = await apiFetch(connection, workerRoutes.signals, { headers: { accept: 'text/event-stream' }, signal: this.stopping.signal });
        for await (const event of readEvents(response)) {
          if (event.event === 'ready') {
            if (lost) logger.info({ endpoint: connection.endpoint }, 'reconnected to the server');
            lost = false;
            backoff.reset();
            listeners.jobsAvailable();
          } else if (event.event === 'jobsQueued') {
            listeners.jobsAvailable((JSON.parse(event.data) as { actionTypeIds: JobTypeId[] }).actionTypeIds);
          } else if (event.event === 'jobCancelled') {
            listeners.jobCancelled((JSON.parse(event.data) as { actionExecutionId: string }).actionExecutionId);
          }
        }
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        if (!lost) logger.warn({ err: error, endpoint: connection.endpoint }, 'cannot reach the server; trying again');
        lost = true;
      }
      if (this.stopping.signal.aborted) return;
      if (!lost) logger.warn({ endpoint: connection.endpoint }, 'the server ended the job signals stream; connecting again');
      lost = true;
      await pause(backoff.next(), this.stopping.signal);
    }
  }
}
