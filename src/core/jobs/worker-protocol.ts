import type { ActionJob, ActionOutcome, JobEnd } from '../contracts/action-provider.js';
import type { LogStream } from '../contracts/action-log.js';
import type { JobProgress, SystemFault } from '../contracts/worker-peer.js';
import type { JobTypeId } from '../declaration/types.js';

/**
 * The WorkerPeer contract over HTTP: what `pipewright worker` sends to a server's `/api/worker/…`
 * routes and what it gets back (api/http/worker-routes.ts serves them, worker/remote/ calls them).
 * Each route is one call of the contract; errors come back as every `/api` error does.
 */
export const workerRoutes = {
  /** GET: what a worker must know of the server before it claims (its artifacts, its lease). */
  hello: '/api/worker/hello',
  /** GET, Server-Sent Events: `jobsQueued` and `jobCancelled`, as the engine signals them. */
  signals: '/api/worker/signals',
  /** POST ClaimRequest → { jobs } */
  claim: '/api/worker/claim',
  heartbeat: (jobId: string) => `/api/worker/jobs/${encodeURIComponent(jobId)}/heartbeat`,
  /** POST ResultRequest: a success (a continuation included) */
  success: (jobId: string) => `/api/worker/jobs/${encodeURIComponent(jobId)}/success`,
  /** POST ResultRequest: a failure or a fault of Pipewright's */
  failure: (jobId: string) => `/api/worker/jobs/${encodeURIComponent(jobId)}/failure`,
  /** GET ?waitSeconds=N → { end } once the job has ended through the job-worker API, or { end: null } */
  end: (jobId: string) => `/api/worker/jobs/${encodeURIComponent(jobId)}/end`,
  /** POST LogRequest */
  log: (jobId: string) => `/api/worker/jobs/${encodeURIComponent(jobId)}/log`,
} as const;

export interface WorkerHello {
  partition: { region: string; accountId: string };
  /** Where the server keeps artifacts: a remote worker must reach the same S3-compatible bucket. */
  artifacts: { kind: 's3'; bucket: string } | { kind: 'filesystem' };
  /** The server's job lease: heartbeats come every third of it, the lost-job sweep looks every half. */
  leaseMs: number;
}

export interface ClaimRequest {
  workerId: string;
  actionTypes: JobTypeId[];
  limit: number;
  leaseMs: number;
}

export interface HeartbeatRequest {
  workerId: string;
  leaseMs: number;
  progress?: JobProgress;
}

export interface ResultRequest {
  workerId: string;
  outcome: ActionOutcome | SystemFault;
}

/** One step of an action log, in the order the provider made it (a mask before the lines it hides). */
export type LogEntry = { mask: string } | { line: string; stream: LogStream } | { write: string; stream: LogStream };

export interface LogRequest {
  workerId: string;
  entries: LogEntry[];
  /** The last request of the job's log: the server closes it (complete). */
  close?: boolean;
}

export interface EndResponse {
  end: JobEnd | null;
}

export interface ClaimResponse {
  jobs: ActionJob[];
}
