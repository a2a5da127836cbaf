import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { ActionJob, ActionOutcome } from '../core/contracts/action-provider.js';
import type { JobRecord, Store } from '../core/contracts/store.js';
import type { JobProgress, SystemFault } from '../core/contracts/worker-peer.js';
import type { JobTypeId } from '../core/declaration/types.js';
import { PipewrightError } from '../core/errors/index.js';
import type { ActionRunKey } from '../core/execution/events.js';
import type { ConditionType } from '../core/execution/state.js';
import { newId } from '../core/ids.js';
import type { Engine } from './engine.js';

/**
 * The job side of the engine: workers claim jobs, keep their leases, and report outcomes here; an
 * outcome becomes a decision of the pipeline (stored with the job's guarded end in one transaction).
 */
/** How long a dispatched job waits for AcknowledgeJob before it is handed out again. */
const acknowledgeWithinMs = 60_000;

export class JobService {
  private readonly lastProgress = new Map<string, string>();

  constructor(
    private readonly deps: {
      store: Store;
      engine: Engine;
      clock: Clock;
      logger: Logger;
      /** Whether a job of this type lost with its worker may run again (see ActionProvider.rerunnable). */
      isRerunnable: (actionTypeId: JobTypeId) => boolean;
    },
  ) {}

  async claim(request: { workerId: string; actionTypes: readonly JobTypeId[]; limit: number; leaseMs: number }): Promise<ActionJob[]> {
    const now = this.deps.clock.now();
    const claimed = await this.deps.store.claimJobs({ ...request, leaseUntil: now + request.leaseMs, now });
    return claimed.map((record) => record.job);
  }

  /**
   * PollForJobs: queued jobs of one custom action type go out with a nonce each; a job dispatched but not
   * acknowledged within a minute goes out again with a new nonce (the first claimer's nonce is then invalid).
   */
  async dispatch(request: { actionTypeId: JobTypeId; limit: number; matches?: (job: JobRecord) => boolean }): Promise<JobRecord[]> {
    const now = this.deps.clock.now();
    return this.deps.store.dispatchJobs({ ...request, now, nonce: newId, staleDispatchedBefore: now - acknowledgeWithinMs });
  }

  /** AcknowledgeJob: the worker holding the job's current nonce takes it (InProgress). */
  async acknowledge(jobId: string, nonce: string): Promise<JobRecord> {
    const job = await this.requireJob(jobId);
    if (job.nonce !== nonce) throw new PipewrightError('InvalidNonceException', `The nonce does not match job ${jobId}: another worker claimed it, or it was dispatched again.`);
    if (job.status === 'InProgress') return job;
    const acknowledged = await this.deps.store.transitionJob({ jobId, from: ['Dispatched'], to: 'InProgress', now: this.deps.clock.now(), nonce });
    if (acknowledged === undefined) {
      const current = await this.requireJob(jobId);
      if (current.nonce !== nonce) throw new PipewrightError('InvalidNonceException', `The nonce does not match job ${jobId}: another worker claimed it.`);
      return current;
    }
    return acknowledged;
  }

  async details(jobId: string): Promise<JobRecord> {
    return this.requireJob(jobId);
  }

  async heartbeat(request: { workerId: string; jobId: string; leaseMs: number; progress?: JobProgress }): Promise<boolean> {
    const now = this.deps.clock.now();
    const held = await this.deps.store.extendLease({ jobId: request.jobId, workerId: request.workerId, leaseUntil: now + request.leaseMs, now });
    if (!held) return false;
    if (request.progress !== undefined) await this.reportProgress(request.jobId, request.progress);
    return true;
  }

  async reportProgress(jobId: string, progress: JobProgress): Promise<void> {
    const fingerprint = JSON.stringify(progress);
    if (this.lastProgress.get(jobId) === fingerprint) return;
    const job = await this.requireJob(jobId);
    this.lastProgress.set(jobId, fingerprint);
    await this.deps.engine.submit(job.pipelineName, { event: { type: 'ActionProgress', ...runKey(job), ...progress } });
  }

  /** Records a worker's outcome. Refuses (InvalidJobStateException) a job that has already ended. */
  async complete(request: { jobId: string; outcome: ActionOutcome | SystemFault; by?: string }): Promise<void> {
    const job = await this.requireJob(request.jobId);
    this.lastProgress.delete(job.id);
    const { outcome } = request;
    const open = ['Dispatched', 'InProgress'] as const;
    if (outcome.status === 'Succeeded' && outcome.continuationToken !== undefined) {
      await this.continueWith(job, outcome.continuationToken, outcome);
      return;
    }
    if (job.job.rule !== undefined) {
      await this.completeRule(job, job.job.rule.conditionType, outcome);
      return;
    }
    if (outcome.status === 'Succeeded') {
      await this.deps.engine.submit(job.pipelineName, {
        event: {
          type: 'ActionSucceeded',
          ...runKey(job),
          ...pick(outcome, ['outputArtifacts', 'outputVariables', 'summary', 'externalExecutionId', 'externalExecutionUrl', 'revision', 'reports']),
          ...(request.by !== undefined ? { by: request.by } : {}),
        },
        finishJob: { jobId: job.id, from: open, to: 'Succeeded' },
      });
      return;
    }
    const failure =
      outcome.status === 'SystemFault'
        ? { failureType: 'SystemError' as const, message: `Pipewright could not run this action: ${outcome.message}` }
        : {
            failureType: outcome.failureType,
            message: outcome.message,
            ...pick(outcome, ['externalExecutionId', 'externalExecutionUrl', 'reports']),
          };
    await this.deps.engine.submit(job.pipelineName, {
      event: { type: 'ActionFailed', ...runKey(job), ...failure, ...(request.by !== undefined ? { by: request.by } : {}) },
      finishJob: { jobId: job.id, from: open, to: 'Failed', endReason: failure.message },
    });
  }

  /**
   * Jobs whose worker is gone (its lease ran out, or it was this server's own worker before a crash):
   * run again when that is safe, otherwise fail the action with a system error, never silently.
   */
  async recoverLostJobs(lost: readonly JobRecord[]): Promise<void> {
    for (const job of lost) {
      const now = this.deps.clock.now();
      if (this.deps.isRerunnable(job.actionTypeId)) {
        const requeued = await this.deps.store.transitionJob({ jobId: job.id, from: ['InProgress'], to: 'Queued', now, endReason: 'worker lost; queued again' });
        if (requeued !== undefined) this.deps.logger.info({ job: job.id, action: job.actionName }, 'job of a lost worker queued again');
        continue;
      }
      try {
        await this.complete({
          jobId: job.id,
          outcome: {
            status: 'SystemFault',
            message:
              'the worker running it stopped before reporting a result (the server or worker was restarted or killed). ' +
              'Its work may be partly done: retry the stage to run it again.',
          },
        });
        this.deps.logger.warn({ job: job.id, action: job.actionName, pipeline: job.pipelineName }, 'job of a lost worker failed');
      } catch (error) {
        this.deps.logger.error({ err: error, job: job.id }, 'could not record the loss of a job');
      }
    }
  }

  /** A rule's work passed (its job succeeded) or not. */
  private async completeRule(job: JobRecord, conditionType: ConditionType, outcome: ActionOutcome | SystemFault): Promise<void> {
    const key = { executionId: job.executionId, stageName: job.stageName, conditionType, ruleName: job.actionName, ruleExecutionId: job.actionExecutionId };
    const open = ['Dispatched', 'InProgress'] as const;
    if (outcome.status === 'Succeeded') {
      await this.deps.engine.submit(job.pipelineName, {
        event: { type: 'RuleSucceeded', ...key, ...pick(outcome, ['summary', 'externalExecutionId', 'externalExecutionUrl']) },
        finishJob: { jobId: job.id, from: open, to: 'Succeeded' },
      });
      return;
    }
    const failure =
      outcome.status === 'SystemFault'
        ? { failureType: 'SystemError' as const, message: `Pipewright could not run this rule: ${outcome.message}` }
        : { failureType: outcome.failureType, message: outcome.message, ...pick(outcome, ['externalExecutionId', 'externalExecutionUrl']) };
    await this.deps.engine.submit(job.pipelineName, {
      event: { type: 'RuleFailed', ...key, ...failure },
      finishJob: { jobId: job.id, from: open, to: 'Failed', endReason: failure.message },
    });
  }

  private async continueWith(job: JobRecord, continuationToken: string, progress: JobProgress): Promise<void> {
    const now = this.deps.clock.now();
    const nextJobId = newId();
    await this.deps.store.transaction(async (tx) => {
      const ended = await tx.transitionJob({ jobId: job.id, from: ['Dispatched', 'InProgress'], to: 'Succeeded', now, endReason: 'continued' });
      if (ended === undefined) throw new PipewrightError('InvalidJobStateException', `Job ${job.id} has already ended; its result cannot be recorded.`);
      await tx.enqueueJob({
        id: nextJobId,
        pipelineName: job.pipelineName,
        executionId: job.executionId,
        stageName: job.stageName,
        actionName: job.actionName,
        actionExecutionId: job.actionExecutionId,
        actionTypeId: job.actionTypeId,
        job: { ...job.job, jobId: nextJobId, continuationToken },
        created: now,
      });
    });
    this.deps.engine.signals.emit('jobsQueued', { actionTypeIds: [job.actionTypeId] });
    const shown = pick(progress, ['summary', 'percentComplete', 'externalExecutionId', 'externalExecutionUrl']);
    if (Object.keys(shown).length > 0) await this.deps.engine.submit(job.pipelineName, { event: { type: 'ActionProgress', ...runKey(job), ...shown } });
  }

  private async requireJob(jobId: string): Promise<JobRecord> {
    const job = await this.deps.store.getJob(jobId);
    if (job === undefined) throw new PipewrightError('JobNotFoundException', `No job with id ${jobId}.`);
    return job;
  }
}

function runKey(job: JobRecord): ActionRunKey {
  return { executionId: job.executionId, stageName: job.stageName, actionName: job.actionName, actionExecutionId: job.actionExecutionId };
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) picked[key] = value[key];
  return picked;
}
