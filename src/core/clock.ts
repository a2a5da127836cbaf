import { setTimeout as delay } from 'node:timers/promises';

/**
 * Time enters the domain as data. The pure core never reads a clock; the shells (engine, API) ask a
 * Clock and pass the instant on, so tests can drive time without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Resolves once `ms` have passed on this clock; rejects with the signal's reason if it aborts first.
   * A window a provider waits out (a function's reply window) waits here, so that a test moving the
   * clock ahead ends it without waiting for it.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep: (ms, signal) => delay(ms, undefined, signal !== undefined ? { signal } : {}) };

/** AWS JSON protocols carry timestamps as epoch seconds (fractional, millisecond precision). */
export function toEpochSeconds(epochMillis: number): number {
  return epochMillis / 1000;
}
