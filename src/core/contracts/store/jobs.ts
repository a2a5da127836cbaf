import type { JobTypeId } from '../../declaration/types.js';
import type { ActionJob } from '../action-provider.js';
import type { ArtifactRef } from '../artifact-store.js';
import type { NewJob } from './executions.js';

/**
 * Jobs: the work of actions, handed to workers. The statuses are CodePipeline's JobStatus. Every
 * transition is a guarded write on the status, so two workers (or two results) can never both win.
 *
 *   Queued ──claim (in-process/remote worker)──► InProgress ──► Succeeded | Failed | TimedOut
 *   Queued ──PollForJobs──► Dispatched ──AcknowledgeJob──► InProgress ──► …
 */
export type JobStatus = 'Created' | 'Queued' | 'Dispatched' | 'InProgress' | 'TimedOut' | 'Succeeded' | 'Failed';

export interface JobRecord {
  id: string;
  pipelineName: string;
  executionId: string;
  stageName: string;
  actionName: string;
  actionExecutionId: string;
  actionTypeId: JobTypeId;
  status: JobStatus;
  nonce?: string;
  /** Third-party jobs: the clientId PollForThirdPartyJobs handed out with the job, which the worker presents as its clientToken. */
  clientId?: string;
  workerId?: string;
  leaseUntil?: number;
  job: ActionJob;
  created: number;
  updated: number;
  /** Why it ended, when it ended without a result from its worker (cancelled, lease lost…). */
  endReason?: string;
}

export interface JobOperations {
  getJob(jobId: string): Promise<JobRecord | undefined>;
  /**
   * Takes up to `limit` queued jobs of the given action types for `workerId`, oldest first, marking them
   * InProgress with a lease (in-process and Pipewright workers).
   */
  claimJobs(request: { actionTypes: readonly JobTypeId[]; workerId: string; limit: number; leaseUntil: number; now: number }): Promise<JobRecord[]>;
  /**
   * PollForJobs: up to `limit` queued jobs of one action type (optionally whose configuration has
   * `queryParam` values), marked Dispatched with a fresh nonce each.
   */
  dispatchJobs(request: {
    actionTypeId: JobTypeId;
    limit: number;
    now: number;
    nonce: () => string;
    matches?: (job: JobRecord) => boolean;
    /** Jobs dispatched but not acknowledged since before this instant go out again, with a new nonce. */
    staleDispatchedBefore: number;
    /** Third-party jobs (PollForThirdPartyJobs): a fresh clientId each, with the nonce. */
    clientId?: () => string;
  }): Promise<JobRecord[]>;
  /** Guarded status change; returns the job after the change, or undefined when its status was not one of `from`. */
  transitionJob(request: {
    jobId: string;
    from: readonly JobStatus[];
    to: JobStatus;
    now: number;
    workerId?: string;
    leaseUntil?: number;
    endReason?: string;
    nonce?: string;
  }): Promise<JobRecord | undefined>;
  /** Extends the lease of a job its worker still holds; false when the job is no longer that worker's. */
  extendLease(request: { jobId: string; workerId: string; leaseUntil: number; now: number }): Promise<boolean>;
  /** Jobs in progress whose lease ran out before `now` (their worker is gone). */
  listExpiredLeases(now: number): Promise<JobRecord[]>;
  /** Jobs not yet finished, of any status before InProgress, oldest first (for dispatch after a restart). */
  listQueuedJobs(): Promise<JobRecord[]>;
  /** Jobs in progress held by workers whose id starts with `workerPrefix` (in-process workers of a past run). */
  listJobsHeldBy(workerPrefix: string): Promise<JobRecord[]>;
  /** Queues another job for an action run that continues (a continuation token). */
  enqueueJob(job: NewJob & { job: ActionJob }): Promise<void>;
  /** Jobs a worker holds or was handed (Dispatched, InProgress), oldest first: whose artifacts may be read and written now. */
  listOpenJobs(): Promise<JobRecord[]>;
  /** Records the artifact a job worker uploaded for one of the job's outputs; a second upload replaces the first. */
  putJobOutput(output: JobOutputRecord): Promise<void>;
  /** The outputs uploaded for a job, by artifact name. */
  listJobOutputs(jobId: string): Promise<JobOutputRecord[]>;
}

/** An output artifact a job worker uploaded (to the job's output location), already stored as an artifact. */
export interface JobOutputRecord {
  jobId: string;
  artifactName: string;
  ref: ArtifactRef;
  uploaded: number;
}
