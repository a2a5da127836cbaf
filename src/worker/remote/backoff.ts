/**
 * Waits between tries to reach a server that is not answering (restarting, unreachable): from `firstMs`,
 * doubling up to `maxMs`, with a little jitter so several workers do not knock at the same instant.
 */
export class Backoff {
  private nextMs: number;

  constructor(
    private readonly firstMs = 250,
    private readonly maxMs = 5_000,
  ) {
    this.nextMs = firstMs;
  }

  /** The wait before the next try (and doubles the one after it). */
  next(): number {
    const wait = this.nextMs;
    this.nextMs = Math.min(this.maxMs, this.nextMs * 2);
    return Math.round(wait * (0.75 + Math.random() * 0.5));
  }

  /** The server answered: the next loss starts again from the first wait. */
  reset(): void {
    this.nextMs = this.firstMs;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (the caller looks at the signal). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
