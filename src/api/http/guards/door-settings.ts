/**
 * What the guards at the door (this folder) are configured with: the names the server answers to and
 * the bounds on what a client may send. Resolved by src/server/config.ts from flags and environment.
 */
export interface DoorSettings {
  /** The URL clients reach the server by (`--public-url`), when it is not a loopback or IP address. */
  publicUrl?: string;
  /** The address the server listens on: a host name here is one of the names it answers to. */
  listenHost: string;
  limits: HttpLimits;
}

export interface HttpLimits {
  /** Largest request body (the JSON API, /api routes, artifact uploads). */
  maxBodyBytes: number;
  /** Largest request line and headers together. */
  maxHeaderBytes: number;
  /** How long a client may take to send its headers (slow clients). */
  headersTimeoutMs: number;
  /** How long a client may take to send its whole request. */
  requestTimeoutMs: number;
  /** How long a connection may stay silent (both ways) before it is closed. */
  idleTimeoutMs: number;
  /** Event streams (`GET /api/events`) open at once; one more is refused until one closes. */
  maxEventStreams: number;
}

export const defaultHttpLimits: HttpLimits = {
  // Pipeline declarations with many stages and long configurations reach hundreds of kilobytes.
  maxBodyBytes: 8 * 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 300_000,
  idleTimeoutMs: 120_000,
  maxEventStreams: 200,
};

export const defaultDoorSettings: DoorSettings = { listenHost: '127.0.0.1', limits: defaultHttpLimits };
