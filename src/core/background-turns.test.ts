import { describe, expect, it } from 'vitest';
import { backgroundTurn } from './background-turns.js';

/** Holds the thread as a long synchronous step does (a SQLite write, a batch of decisions). */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning on purpose
  }
}

describe('backgroundTurn', () => {
  it('runs steps in the order asked, letting the event loop in once a turn has used its budget', async () => {
    const order: string[] = [];
    let timer: Promise<void> | undefined;
    const steps = Array.from({ length: 12 }, (_, index) =>
      backgroundTurn().then(() => {
        order.push(`step ${index}`);
        // A timer set during the first step stands for a request arriving while background work runs:
        // it is due at once, and must not wait for all twelve steps.
        timer ??= new Promise<void>((resolve) =>
          setTimeout(() => {
            order.push('timer');
            resolve();
          }, 0),
        );
        busyFor(2);
      }),
    );
    await Promise.all(steps);
    await timer;
    expect(order.filter((entry) => entry !== 'timer')).toEqual(steps.map((_, index) => `step ${index}`));
    const timerAt = order.indexOf('timer');
    expect(timerAt).toBeGreaterThan(0);
    expect(timerAt).toBeLessThan(order.length - 1);
  });

  it('runs the first step of a turn even when it alone is over the budget, so work always moves', async () => {
    const done: number[] = [];
    await Promise.all(
      [0, 1, 2].map((index) =>
        backgroundTurn().then(() => {
          busyFor(10);
          done.push(index);
        }),
      ),
    );
    expect(done).toEqual([0, 1, 2]);
  });
});
