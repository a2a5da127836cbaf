import type { Clock } from '../../src/core/clock.js';

interface Sleeper {
  until: number;
  wake: () => void;
}

/**
 * A clock that runs with real time and can be moved ahead: deadlines of hours or days, and deployment
 * windows that open tomorrow, happen now. Hand it to startServer; tell the engine the time has moved
 * with a Tick (see passTime in test/kit/test-server.ts). A `sleep` ends when its time has passed on
 * this clock: in real time, or at once when the clock is moved past it.
 */
export class MovableClock implements Clock {
  private offset = 0;
  private sleepers = new Set<Sleeper>();

  now(): number {
    return Date.now() + this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
    for (const sleeper of this.sleepers) if (sleeper.until <= this.now()) sleeper.wake();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    // Rejects as timers/promises does: with the signal's reason (an AbortError unless given one).
    const reason = (): Error => (signal?.reason instanceof Error ? signal.reason : new Error('The sleep was aborted.', { cause: signal?.reason }));
    return new Promise((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(reason());
        return;
      }
      const sleeper: Sleeper = { until: this.now() + ms, wake: () => done(resolve) };
      const timer = setTimeout(() => sleeper.wake(), ms);
      const aborted = (): void => done(() => reject(reason()));
      const done = (then: () => void): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', aborted);
        this.sleepers.delete(sleeper);
        then();
      };
      signal?.addEventListener('abort', aborted, { once: true });
      this.sleepers.add(sleeper);
    });
  }
}
