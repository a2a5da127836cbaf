import type { Logger } from 'pino';
import { apiJson } from '../../client/api-fetch.js';
import type { Connection } from '../../client/connection.js';
import type { ActionJob, JobEnd } from '../../core/contracts/action-provider.js';
import type { WorkerPeer } from '../../core/contracts/worker-peer.js';
import type { JobTypeId } from '../../core/declaration/types.js';
import { workerRoutes, type ClaimResponse, type EndResponse } from '../../core/jobs/worker-protocol.js';
import { Backoff, pause } from './backoff.js';
import { asPipewrightError, isTransient } from './server-errors.js';
import { ServerSignals } from './server-signals.js';

/** How long one wait for a job's end is held open by the server before the worker asks again. */
const endWaitSeconds = 20;

/**
 * The WorkerPeer of `pipewright worker`: the same contract as the in-process peer, over the server's
 * `/api/worker/…` routes (core/jobs/worker-protocol.ts), signed with the worker's own credentials.
 *
 * A server that does not answer (restarting) is waited for: results are sent again with a backoff
 * until the job's deadline, since a result that never arrives would fail the action for nothing;
 * heartbeats that fail are only logged (the next one tries again; if the lease lapsed meanwhile, the
 * server answers that the job is gone and the work stops); claims wait for the signal stream to
 * reconnect, which asks the worker to claim.
 */
export class RemotePeer implements WorkerPeer {
  private readonly available = new Set<(actionTypeIds?: readonly JobTypeId[]) => void>();
  private readonly cancelled = new Set<(actionExecutionId: string) => void>();
  private readonly signals: ServerSignals;
  /** When each claimed job must have ended: a result is retried until then. */
  private readonly deadlines = new Map<string, number>();

  constructor(private readonly options: { connection: Connection; logger: Logger }) {
    this.signals = new ServerSignals({
      connection: options.connection,
      logger: options.logger,
      listeners: {
        jobsAvailable: (types) => {
          for (const listener of this.available) listener(types);
        },
        jobCancelled: (id) => {
          for (const listener of this.cancelled) listener(id);
        },
      },
    });
  }

  async claim(request: { workerId: string; actionTypes: readonly JobTypeId[]; limit: number; leaseMs: number }): Promise<ActionJob[]> {
    const { jobs } = await this.post<ClaimResponse>(workerRoutes.claim, request);
    // Jobs stopped on purpose report nothing: their entries go once their deadline has passed.
    const now = Date.now();
    for (const [jobId, deadline] of this.deadlines) if (deadline < now) this.deadlines.delete(jobId);
    for (const job of jobs) this.deadlines.set(job.jobId, job.deadline);
    return jobs;
  }

  async heartbeat(request: Parameters<WorkerPeer['heartbeat']>[0]): Promise<boolean> {
    const { jobId, ...body } = request;
    try {
      return (await this.post<{ held: boolean }>(workerRoutes.heartbeat(jobId), body)).held;
    } catch (error) {
      const refusal = asPipewrightError(error);
      if (refusal !== error && (refusal as { code?: string }).code === 'JobNotFoundException') return false;
      throw refusal;
    }
  }

  async complete(request: Parameters<WorkerPeer['complete']>[0]): Promise<void> {
    const { jobId, workerId, outcome } = request;
    const path = outcome.status === 'Succeeded' ? workerRoutes.success(jobId) : workerRoutes.failure(jobId);
    const until = this.deadlines.get(jobId) ?? Date.now() + 60_000;
    const backoff = new Backoff(500, 10_000);
    try {
      for (;;) {
        try {
          await this.post(path, { workerId, outcome });
          return;
        } catch (error) {
          if (!isTransient(error) || Date.now() >= until) throw asPipewrightError(error);
          this.options.logger.warn({ job: jobId, err: error }, 'cannot report the result yet: the server does not answer; trying again');
          await pause(backoff.next());
        }
      }
    } finally {
      this.deadlines.delete(jobId);
    }
  }

  async jobEnded(request: { jobId: string; signal: AbortSignal }): Promise<JobEnd> {
    const { jobId, signal } = request;
    const backoff = new Backoff();
    for (;;) {
      if (signal.aborted) throw new Error(`Stopped waiting for the end of job ${jobId}.`, { cause: signal.reason });
      try {
        const { end } = await apiJson<EndResponse>(this.options.connection, `${workerRoutes.end(jobId)}?waitSeconds=${endWaitSeconds}`, { signal });
        backoff.reset();
        if (end !== null) return end;
      } catch (error) {
        if (signal.aborted) continue;
        if (!isTransient(error)) throw asPipewrightError(error);
        await pause(backoff.next(), signal);
      }
    }
  }

  onJobsAvailable(listener: (actionTypeIds?: readonly JobTypeId[]) => void): () => void {
    this.available.add(listener);
    this.signals.start();
    return () => this.available.delete(listener);
  }

  onJobCancelled(listener: (actionExecutionId: string) => void): () => void {
    this.cancelled.add(listener);
    this.signals.start();
    return () => this.cancelled.delete(listener);
  }

  /** Stops listening to the server (after the worker drained). */
  close(): Promise<void> {
    return this.signals.stop();
  }

  private post<Result>(path: string, body: unknown): Promise<Result> {
    return apiJson<Result>(this.options.connection, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
}
