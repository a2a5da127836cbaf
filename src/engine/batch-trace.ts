import { traceJob, tracingJobs } from '../core/job-trace.js';
import type { DecisionBatch, Pending } from './decision-batch.js';

/**
 * The job-trace marks of a decision batch (core/job-trace.ts): the jobs it starts (its RunAction effects)
 * and the results it records (its submissions about an action run) each get the batch's steps, so a
 * trace shows the engine's share between a job's result and the next job's claim. Gathers nothing when
 * nobody listens.
 */
export function traceBatch(batch: DecisionBatch, step: string, at?: number): void {
  if (!tracingJobs()) return;
  for (const effect of batch.effects) if (effect.type === 'RunAction') traceJob(effect.actionExecutionId, `engine: ${step} (job's start)`, at);
  for (const entry of batch.entries) traceSubmission(entry, `engine: ${step} (result)`, at);
}

/** A mark for the action run a submission reports about (a job's result), if it is one. */
export function traceSubmission(entry: Pending, step: string, at?: number): void {
  if (!tracingJobs()) return;
  const { event } = entry.submission;
  if (entry.submission.finishJob !== undefined && 'actionExecutionId' in event) traceJob(event.actionExecutionId, step, at);
}
