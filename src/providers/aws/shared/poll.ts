import { setTimeout as delay } from 'node:timers/promises';

/**
 * Reads `read` until `done` says its value is final, waiting `intervalMs` between reads. Stops when
 * `signal` aborts (the action was stopped, timed out, or the worker is shutting down): the AWS service
 * goes on with what it was doing, as it does when CodePipeline stops an action.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: { intervalMs: number; signal: AbortSignal; onRead?: (value: T) => void },
): Promise<T> {
  for (;;) {
    options.signal.throwIfAborted();
    const value = await read();
    options.onRead?.(value);
    if (done(value)) return value;
    await delay(options.intervalMs, undefined, { signal: options.signal });
  }
}
