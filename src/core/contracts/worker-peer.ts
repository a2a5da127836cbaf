import type { JobTypeId } from '../declaration/types.js';
import type { ActionJob, ActionOutcome, JobEnd } from './action-provider.js';

/**
 * The one contract between the server and a worker (Woodpecker's rpc/peer.go idea). The in-process
 * worker gets an implementation that calls the engine directly; a remote worker gets one that speaks
 * the job-worker API over HTTP. A worker never touches the store.
 *
 * The flow, for each job:
 *  1. claim      take queued jobs of the action types the worker runs, with a lease (the in-process worker
 *                also takes jobs as the engine makes them, in the same commit: takeJobsAtCommit)
 *  2. heartbeat  every third of the lease, extend it and report progress; `false` means stop: the job
 *                was cancelled (abandoned, timed out) or is no longer this worker's
 *  3. complete   report the outcome once; a second report, or one after cancellation, is refused
 *                (InvalidJobStateException). Work that reports for itself through the job-worker API
 *                (local functions) ends with `jobEnded` instead, and the worker reports nothing.
 *
 * A job whose lease runs out (the worker died) is run again if its provider is rerunnable, else failed.
 */
export interface WorkerPeer {
  claim(request: { workerId: string; actionTypes: readonly JobTypeId[]; limit: number; leaseMs: number }): Promise<ActionJob[]>;
  heartbeat(request: { workerId: string; jobId: string; leaseMs: number; progress?: JobProgress }): Promise<boolean>;
  complete(request: { workerId: string; jobId: string; outcome: ActionOutcome | SystemFault }): Promise<void>;
  /** Resolves once the job has ended by a result reported through the job-worker API; rejects when `signal` aborts. */
  jobEnded(request: { jobId: string; signal: AbortSignal }): Promise<JobEnd>;
  /**
   * Calls `listener` when jobs may be waiting (in process: at once, with the types queued; remote: long
   * poll, types unknown). Returns an unsubscribe.
   */
  onJobsAvailable(listener: (actionTypeIds?: readonly JobTypeId[]) => void): () => void;
  /** Calls `listener` with the action run whose work must stop now (abandoned, timed out). */
  onJobCancelled(listener: (actionExecutionId: string) => void): () => void;
  /**
   * In process only: the engine offers `taker` each job a decision is about to queue. A job taken is
   * stored held by the worker (InProgress, leased) in the decision's own transaction, and handed over
   * once that is committed: the job's claim is then no trip to the store of its own. Returns an unsubscribe.
   */
  takeJobsAtCommit?(taker: JobTaker): () => void;
}

/** A worker taking jobs as the engine makes them (WorkerPeer.takeJobsAtCommit). */
export interface JobTaker {
  /** Takes a slot for a job of this type if one is free: the worker and lease the job is stored with. */
  reserve(actionTypeId: JobTypeId): { workerId: string; leaseMs: number } | undefined;
  /** The jobs reserved for are stored, held by this worker: run them. */
  taken(jobs: readonly ActionJob[]): void;
  /** The commit that would have stored them failed (it is decided again): their slots are free again. */
  released(actionTypeIds: readonly JobTypeId[]): void;
}

export interface JobProgress {
  summary?: string;
  percentComplete?: number;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
}

/** Pipewright itself failed to run the job (not the user's work): recorded as a system error. */
export interface SystemFault {
  status: 'SystemFault';
  message: string;
}
