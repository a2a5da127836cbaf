/**
 * Time enters the domain as data. The pure core never reads a clock; the shells (engine, API) ask a
 * Clock and pass the instant on, so tests can drive time without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** AWS JSON protocols carry timestamps as epoch seconds (fractional, millisecond precision). */
export function toEpochSeconds(epochMillis: number): number {
  return epochMillis / 1000;
}
