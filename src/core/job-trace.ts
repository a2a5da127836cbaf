import { channel } from 'node:diagnostics_channel';

/**
 * Where the time of one job goes, step by step (the engine's decision and commit, the claim, workspace,
 * sandbox, spawn, log files, outputs, the result's commit), on the `pipewright:job-trace` diagnostics
 * channel. Nothing listens in a server unless a benchmark loads a subscriber (`bench/real-path.ts
 * --trace`), and then a mark costs one call: the channel is Node's, so no setting and no module state of
 * ours is needed to switch it on.
 */
export interface JobTraceMark {
  /** The action execution the job runs (what every step of it knows). */
  actionExecutionId: string;
  /** What just finished, e.g. `claimed`, `workspace made`, `shell spawned`. */
  step: string;
  /** performance.timeOrigin + performance.now(): comparable across the server's modules. */
  at: number;
}

export const jobTraceChannel = channel('pipewright:job-trace');

/** The clock of the marks. */
export const traceNow = (): number => performance.timeOrigin + performance.now();

/** Whether anyone listens: a step whose marks take work to gather (ids of a batch) looks first. */
export const tracingJobs = (): boolean => jobTraceChannel.hasSubscribers;

/** Marks `step` of a job as finished now, or at `at` (a time taken earlier with traceNow). */
export function traceJob(actionExecutionId: string, step: string, at?: number): void {
  if (!jobTraceChannel.hasSubscribers) return;
  jobTraceChannel.publish({ actionExecutionId, step, at: at ?? traceNow() } satisfies JobTraceMark);
}
