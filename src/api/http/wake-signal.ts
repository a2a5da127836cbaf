/**
 * A coalescing wake-up between a producer that says "there is more" and one consumer that reads until
 * there is not. A notification that arrives while the consumer reads is kept, so it is never lost; many
 * notifications before the next wait are one.
 */
export class WakeSignal {
  private pending = false;
  private waiter: (() => void) | undefined;

  notify(): void {
    this.pending = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /** Call before reading: what is notified from now on calls for another read. */
  reset(): void {
    this.pending = false;
  }

  /** Resolves at the next notification, or at once when one came since the last reset. */
  wait(): Promise<void> {
    if (this.pending) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }
}
