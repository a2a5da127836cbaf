import type { WorkerPeer } from '../core/contracts/worker-peer.js';
import type { EngineSignals } from './engine-signals.js';
import type { JobService } from './job-service.js';

/** The WorkerPeer of the server's own worker: the job protocol as direct calls, signals as events. */
export function inProcessPeer(jobs: JobService, signals: EngineSignals): WorkerPeer {
  return {
    claim: (request) => jobs.claim(request),
    heartbeat: (request) => jobs.heartbeat(request),
    complete: (request) => jobs.complete({ jobId: request.jobId, outcome: request.outcome }),
    jobEnded: (request) => jobs.waitForEnd(request.jobId, request.signal),
    onJobsAvailable: (listener) => signals.on('jobsQueued', ({ actionTypeIds }) => listener(actionTypeIds)),
    onJobCancelled: (listener) => signals.on('jobCancelled', ({ actionExecutionId }) => listener(actionExecutionId)),
    takeJobsAtCommit: (taker) => jobs.takeJobsAtCommit(taker),
  };
}
