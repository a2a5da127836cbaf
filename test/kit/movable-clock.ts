import type { Clock } from '../../src/core/clock.js';

/**
 * A clock that runs with real time and can be moved ahead: deadlines of hours or days, and deployment
 * windows that open tomorrow, happen now. Hand it to startServer; tell the engine the time has moved
 * with a Tick (see passTime in test/kit/test-server.ts).
 */
export class MovableClock implements Clock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }
}
