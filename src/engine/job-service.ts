import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { ActionJob, ActionOutcome, JobEnd } from '../core/contracts/action-provider.js';
import type { ArtifactRef } from '../core/contracts/artifact-store.js';
import type { JobRecord, JobStatus, NewJob, Store } from '../core/contracts/store.js';
import type { JobProgress, JobTaker, SystemFault } from '../core/contracts/worker-peer.js';
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
/** How often a wait for a job's end looks at the store, for results another replica recorded. */
const endPollMs = 1000;
const endedStatuses: ReadonlySet<JobStatus> = new Set(['Succeeded', 'Failed', 'TimedOut']);

export class JobService {
  private readonly lastProgress = new Map<string, string>();
  /**
   * The jobs claimed here and not yet reported, as claimed: a result of the server's own worker then needs
   * no read of its job (a job's row holds its whole ActionJob; reading and parsing it was 6% of the serving
   * thread under load). What a report needs of it never changes; whether the job is still open is
   * checked when the result is stored, as for any report. At most `maxClaimedKept`, the least recently
   * claimed dropped first: a job claimed and never reported (its worker stopped) is then read again.
   */
  private readonly claimedHere = new LRUCache<string, JobRecord>({ max: maxClaimedKept });

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
    for (const record of claimed) this.rememberClaimed(record);
    return claimed.map((record) => record.job);
  }

  /**
   * The server's own worker takes jobs as the engine makes them, while it has free slots
   * (jobs-taken-at-commit.ts); those are kept as claimed, like the ones it claims. Returns the removal.
   */
  takeJobsAtCommit(taker: JobTaker): () => void {
    return this.deps.engine.takers.add({
      reserve: (job) => {
        const held = taker.reserve(job.actionTypeId);
        return held === undefined ? undefined : { workerId: held.workerId, leaseUntil: this.deps.clock.now() + held.leaseMs };
      },
      stored: (jobs) => {
        for (const job of jobs) this.rememberClaimed(heldJobRecord(job));
        taker.taken(jobs.map((job) => job.job));
      },
      released: (jobs) => taker.released(jobs.map((job) => job.actionTypeId)),
    });
  }

  /**
   * PollForJobs: queued jobs of one custom action type go out with a nonce each; a job dispatched but not
   * acknowledged within a minute goes out again with a new nonce (the first claimer's nonce is then invalid).
   */
  async dispatch(request: { actionTypeId: JobTypeId; limit: number; matches?: (job: JobRecord) => boolean; withClientId?: boolean }): Promise<JobRecord[]> {
    const now = this.deps.clock.now();
    const { withClientId, ...rest } = request;
    return this.deps.store.dispatchJobs({
      ...rest,
      now,
      nonce: newId,
      staleDispatchedBefore: now - acknowledgeWithinMs,
      // PollForThirdPartyJobs: each job goes out with a clientId of its own, its worker's clientToken.
      ...(withClientId === true ? { clientId: newId } : {}),
    });
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
    const claimed = this.claimedHere.get(request.jobId);
    this.claimedHere.delete(request.jobId);
    const job = claimed ?? (await this.requireJob(request.jobId));
    this.lastProgress.delete(job.id);
    const { outcome } = request;
    const open = ['Dispatched', 'InProgress'] as const;
    if (outcome.status === 'Succeeded' && outcome.continuationToken !== undefined) {
      await this.continueWith(job, outcome.continuationToken, outcome);
      this.ended(job.id);
      return;
    }
    if (job.job.rule !== undefined) {
      await this.completeRule(job, job.job.rule.conditionType, outcome);
      this.ended(job.id);
      return;
    }
    if (outcome.status === 'Succeeded') {
      // Outputs the provider stored itself win; the rest are what a job worker uploaded to the job's output
      // locations. Only a job whose provider did not store every declared output looks for uploads, so a
      // build (the hot path) costs no extra read.
      const stored = outcome.outputArtifacts ?? {};
      const missing = job.job.outputArtifacts.some((output) => stored[output.name] === undefined);
      const outputArtifacts = missing ? { ...(await this.uploadedOutputs(job.id)), ...stored } : stored;
      await this.deps.engine.submit(job.pipelineName, {
        event: {
          type: 'ActionSucceeded',
          ...runKey(job),
          ...pick(outcome, ['outputVariables', 'summary', 'externalExecutionId', 'externalExecutionUrl', 'revision', 'reports']),
          ...(Object.keys(outputArtifacts).length > 0 ? { outputArtifacts } : {}),
          ...(request.by !== undefined ? { by: request.by } : {}),
        },
        finishJob: { jobId: job.id, from: open, to: 'Succeeded' },
      });
      this.ended(job.id);
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
    this.ended(job.id);
  }

  /**
   * Resolves once the job has ended (a result recorded through the job-worker API, a cancellation),
   * rejecting if `signal` aborts first (its reason says why). Told at once of ends recorded here; ends that
   * another replica recorded are seen by looking at the store every second.
   */
  waitForEnd(jobId: string, signal: AbortSignal): Promise<JobEnd> {
    return new Promise<JobEnd>((resolve, reject) => {
      const stopped = () => new Error(`Stopped waiting for the end of job ${jobId}.`, { cause: signal.reason });
      if (signal.aborted) {
        reject(stopped());
        return;
      }
      let done = false;
      const finish = (outcome: () => void) => {
        if (done) return;
        done = true;
        unsubscribe();
        clearInterval(timer);
        signal.removeEventListener('abort', onAbort);
        outcome();
      };
      const look = () => {
        this.deps.store.getJob(jobId).then(
          (job) => {
            if (job === undefined) finish(() => reject(new PipewrightError('JobNotFoundException', `No job with id ${jobId}.`)));
            else if (endedStatuses.has(job.status)) finish(() => resolve(jobEnd(job)));
          },
          (error: unknown) => this.deps.logger.warn({ err: error, job: jobId }, 'could not look up whether a job has ended'),
        );
      };
      const onAbort = () => finish(() => reject(stopped()));
      const unsubscribe = this.deps.engine.signals.on('jobEnded', (ended) => {
        if (ended.jobId === jobId) look();
      });
      const timer = setInterval(look, endPollMs);
      signal.addEventListener('abort', onAbort, { once: true });
      look();
    });
  }

  /**
   * The open job (handed to a worker, not ended) one of whose artifact locations is `bucket`/`key`: an
   * input artifact it may read, or an output location it may write. Job workers name artifacts by the
   * locations their job data gave them, whatever credentials they sign with.
   */
  async locateArtifact(
    bucket: string,
    key: string,
  ): Promise<{ job: JobRecord; input: { name: string; ref: ArtifactRef } } | { job: JobRecord; output: { name: string } } | undefined> {
    const open = await this.deps.store.listOpenJobs();
    for (const job of open) {
      const output = job.job.outputArtifacts.find((candidate) => candidate.location.bucket === bucket && candidate.location.key === key);
      if (output !== undefined) return { job, output: { name: output.name } };
    }
    for (const job of open) {
      const input = job.job.inputArtifacts.find((candidate) => candidate.ref.bucket === bucket && candidate.ref.key === key);
      if (input !== undefined) return { job, input: { name: input.name, ref: input.ref } };
    }
    return undefined;
  }

  /** Records the artifact a worker uploaded for an output of its job (the job's success takes it). */
  async recordUpload(jobId: string, artifactName: string, ref: ArtifactRef): Promise<void> {
    await this.deps.store.putJobOutput({ jobId, artifactName, ref, uploaded: this.deps.clock.now() });
  }

  /** The outputs uploaded for a job so far, by artifact name. */
  async uploadedOutputs(jobId: string): Promise<Record<string, ArtifactRef>> {
    const outputs = await this.deps.store.listJobOutputs(jobId);
    return Object.fromEntries(outputs.map((output) => [output.artifactName, output.ref]));
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
        if (requeued !== undefined) {
          this.deps.logger.info({ job: job.id, action: job.actionName }, 'job of a lost worker queued again');
          // Workers wait for word that jobs of their types were queued (in-process-worker.ts).
          this.deps.engine.signals.emit('jobsQueued', { actionTypeIds: [job.actionTypeId] });
        }
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
      // Outputs uploaded before the work continued stay uploaded: the last job's success takes them.
      for (const output of await tx.listJobOutputs(job.id)) await tx.putJobOutput({ ...output, jobId: nextJobId });
    });
    this.deps.engine.signals.emit('jobsQueued', { actionTypeIds: [job.actionTypeId] });
    const shown = pick(progress, ['summary', 'percentComplete', 'externalExecutionId', 'externalExecutionUrl']);
    if (Object.keys(shown).length > 0) await this.deps.engine.submit(job.pipelineName, { event: { type: 'ActionProgress', ...runKey(job), ...shown } });
  }

  private rememberClaimed(record: JobRecord): void {
    this.claimedHere.set(record.id, record);
  }

  private ended(jobId: string): void {
    this.deps.engine.signals.emit('jobEnded', { jobId });
  }

  private async requireJob(jobId: string): Promise<JobRecord> {
    const job = await this.deps.store.getJob(jobId);
    if (job === undefined) throw new PipewrightError('JobNotFoundException', `No job with id ${jobId}.`);
    return job;
  }
}

const maxClaimedKept = 10_000;

/** A job stored held by the worker that took it as it was made: the record a claim would have read back. */
function heldJobRecord(job: NewJob): JobRecord {
  const { heldBy, ...made } = job;
  return { ...made, status: 'InProgress', ...(heldBy !== undefined ? { workerId: heldBy.workerId, leaseUntil: heldBy.leaseUntil } : {}), updated: job.created };
}

function jobEnd(job: JobRecord): JobEnd {
  return {
    status: job.status === 'Succeeded' ? 'Succeeded' : job.status === 'TimedOut' ? 'TimedOut' : 'Failed',
    continued: job.status === 'Succeeded' && job.endReason === 'continued',
    ...(job.endReason !== undefined ? { reason: job.endReason } : {}),
  };
}

function runKey(job: JobRecord): ActionRunKey {
  return { executionId: job.executionId, stageName: job.stageName, actionName: job.actionName, actionExecutionId: job.actionExecutionId };
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) picked[key] = value[key];
  return picked;
}
