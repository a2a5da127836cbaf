import { setTimeout as sleep } from 'node:timers/promises';
import { pipelineEvents, type Connection } from '../client/index.js';

/** Without any event, a view is read again this often anyway: a safety net, not the way news arrives. */
const quietRereadMs = 5_000;
/** After the event stream drops (a server restart), it is opened again after this pause. */
const reconnectMs = 1_000;

/**
 * Reads a pipeline's view again whenever something about the pipeline changes: listens to
 * `/api/events?pipeline=NAME` and, after each event (or burst of events), calls `read` and yields
 * what it returns. The first read happens once the stream is open, so no change after it is missed.
 * Events only say *that* something changed; the view always comes from `read`, so an event missed
 * while reconnecting costs nothing. Ends when the consumer stops iterating or `signal` aborts.
 */
export async function* readOnEveryChange<View>(
  connection: Connection,
  pipelineName: string,
  read: () => Promise<View>,
  signal?: AbortSignal,
): AsyncGenerator<View, void, undefined> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let changed = true;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    changed = true;
    wake?.();
  };
  try {
    await listen(connection, pipelineName, notify, controller.signal);
    while (!controller.signal.aborted) {
      if (!changed) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, quietRereadMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
          controller.signal.addEventListener('abort', wake, { once: true });
        });
        wake = undefined;
        if (controller.signal.aborted) return;
      }
      changed = false;
      yield await read();
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    controller.abort();
  }
}

/**
 * Opens the event stream; resolves once it is open (a refusal, such as an unknown pipeline, or an
 * absent server is thrown), then keeps it open in the background, reopening it after a drop.
 */
async function listen(connection: Connection, pipelineName: string, notify: () => void, signal: AbortSignal): Promise<void> {
  const first = await pipelineEvents(connection, pipelineName, signal);
  const keepListening = async (): Promise<void> => {
    let events: AsyncGenerator<unknown, void, undefined> | undefined = first;
    while (!signal.aborted) {
      try {
        events ??= await pipelineEvents(connection, pipelineName, signal);
        // A reopened stream may have missed changes while it was down.
        notify();
        for await (const _event of events) notify();
      } catch {
        // The server went away or refused for now; try again after a pause, until told to stop.
      }
      events = undefined;
      await sleep(reconnectMs, undefined, { signal }).catch(() => undefined);
    }
  };
  void keepListening();
}
