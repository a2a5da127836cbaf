import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ActionLog, LogStore } from '../../core/contracts/action-log.js';
import type { JobRecord } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import {
  workerRoutes,
  type ClaimRequest,
  type EndResponse,
  type HeartbeatRequest,
  type LogEntry,
  type LogRequest,
  type ResultRequest,
  type WorkerHello,
} from '../../core/jobs/worker-protocol.js';
import type { ApiServices } from '../services.js';
import { sendApiError } from './api-route-support.js';
import { sseStreams } from './sse-stream.js';

export interface WorkerRoutesOptions {
  services: Pick<ApiServices, 'jobs' | 'store' | 'engine' | 'partition'>;
  /** Action logs: a remote worker's lines are written here as they arrive. */
  logs: Pick<LogStore, 'open'>;
  hello: Omit<WorkerHello, 'partition'>;
}

/** The longest a worker's wait for a job's end is held open before it asks again. */
const maxEndWaitSeconds = 25;
/** A job's log request: at most this many entries (the worker sends every few hundred milliseconds). */
const maxLogEntries = 10_000;

/**
 * The WorkerPeer contract over HTTP for `pipewright worker` (core/jobs/worker-protocol.ts): claim,
 * heartbeat, result, the wait for a job's end, the job's log, and the engine's word that jobs were
 * queued or cancelled as Server-Sent Events. The gate authorizes each route as a job worker's action
 * (api-route-actions.ts). A worker acts only on jobs it holds: its id must be the one the job was
 * claimed by, so a worker whose lease lapsed cannot report over the one that took the job since.
 */
export function registerWorkerRoutes(app: FastifyInstance, options: WorkerRoutesOptions): void {
  const { jobs, store, engine } = options.services;
  const openStream = sseStreams(app);
  const openLogs = new Map<string, ActionLog>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...openLogs.values()].map((log) => log.close()));
    openLogs.clear();
  });

  /** The job, if `workerId` claimed it (and, with `open`, still holds it). */
  const held = async (jobId: string, workerId: string, open = true): Promise<JobRecord> => {
    const job = await store.getJob(jobId);
    if (job === undefined) throw new PipewrightError('JobNotFoundException', `No job with id ${jobId}.`);
    if (job.workerId !== workerId || (open && job.status !== 'InProgress' && job.status !== 'Dispatched')) {
      throw new PipewrightError('InvalidJobStateException', `Job ${jobId} is not held by worker ${workerId} (it is ${job.status}).`);
    }
    return job;
  };

  app.get(workerRoutes.hello, async (request, reply) => {
    try {
      const hello: WorkerHello = { partition: { ...options.services.partition }, ...options.hello };
      return await reply.send(hello);
    } catch (error) {
      return sendApiError(request, reply, error);
    }
  });

  app.get(workerRoutes.signals, (request, reply) => {
    const stream = openStream(request, reply);
    const unsubscribe = [
      engine.signals.on('jobsQueued', ({ actionTypeIds }) => void stream.send({ event: 'jobsQueued', data: JSON.stringify({ actionTypeIds }) })),
      engine.signals.on('jobCancelled', ({ actionExecutionId }) => void stream.send({ event: 'jobCancelled', data: JSON.stringify({ actionExecutionId }) })),
    ];
    // The first event says the stream is listening: jobs queued before it must be claimed now.
    void stream.send({ event: 'ready', data: '{}' });
    void stream.closed.then(() => {
      for (const stop of unsubscribe) stop();
    });
    return reply;
  });

  app.post(workerRoutes.claim, async (request, reply) => {
    try {
      const body = jsonBody<ClaimRequest>(request);
      requireString(body.workerId, 'workerId');
      if (!Array.isArray(body.actionTypes) || !isCount(body.limit) || !isCount(body.leaseMs)) {
        throw new PipewrightError('ValidationException', 'A claim names actionTypes (an array), a limit and a leaseMs (positive integers).');
      }
      const claimed = await jobs.claim({ workerId: body.workerId, actionTypes: body.actionTypes, limit: Math.min(body.limit, 100), leaseMs: body.leaseMs });
      return await reply.send({ jobs: claimed });
    } catch (error) {
      return sendApiError(request, reply, error);
    }
  });

  app.post('/api/worker/jobs/:jobId/heartbeat', async (request, reply) => {
    try {
      const { jobId } = request.params as { jobId: string };
      const body = jsonBody<HeartbeatRequest>(request);
      requireString(body.workerId, 'workerId');
      if (!isCount(body.leaseMs)) throw new PipewrightError('ValidationException', 'leaseMs must be a positive integer.');
      const stillHeld = await jobs.heartbeat({ workerId: body.workerId, jobId, leaseMs: body.leaseMs, ...(body.progress !== undefined ? { progress: body.progress } : {}) });
      return await reply.send({ held: stillHeld });
    } catch (error) {
      return sendApiError(request, reply, error);
    }
  });

  for (const kind of ['success', 'failure'] as const) {
    app.post(`/api/worker/jobs/:jobId/${kind}`, async (request, reply) => {
      try {
        const { jobId } = request.params as { jobId: string };
        const body = jsonBody<ResultRequest>(request);
        requireString(body.workerId, 'workerId');
        const { outcome } = body;
        const expected = kind === 'success' ? ['Succeeded'] : ['Failed', 'SystemFault'];
        if (outcome === undefined || !expected.includes(outcome.status)) {
          throw new PipewrightError('ValidationException', `A ${kind} report needs an outcome whose status is ${expected.join(' or ')}.`);
        }
        await held(jobId, body.workerId);
        await jobs.complete({ jobId, outcome });
        return await reply.send({});
      } catch (error) {
        return sendApiError(request, reply, error);
      }
    });
  }

  app.get('/api/worker/jobs/:jobId/end', async (request, reply) => {
    try {
      const { jobId } = request.params as { jobId: string };
      const { waitSeconds } = request.query as { waitSeconds?: string };
      const wait = Math.min(Number(waitSeconds ?? maxEndWaitSeconds) || 0, maxEndWaitSeconds);
      const gone = new AbortController();
      request.raw.once('close', () => gone.abort());
      const timer = setTimeout(() => gone.abort(), wait * 1000);
      let answer: EndResponse;
      try {
        answer = { end: await jobs.waitForEnd(jobId, gone.signal) };
      } catch (error) {
        if (!gone.signal.aborted) throw error;
        answer = { end: null };
      } finally {
        clearTimeout(timer);
      }
      return await reply.send(answer);
    } catch (error) {
      return sendApiError(request, reply, error);
    }
  });

  app.post('/api/worker/jobs/:jobId/log', async (request, reply) => {
    try {
      const { jobId } = request.params as { jobId: string };
      const body = jsonBody<LogRequest>(request);
      requireString(body.workerId, 'workerId');
      if (!Array.isArray(body.entries) || body.entries.length > maxLogEntries) {
        throw new PipewrightError('ValidationException', `entries must be an array of at most ${maxLogEntries}.`);
      }
      let log = openLogs.get(jobId);
      if (log === undefined) {
        // Its last lines may come after its result: the job's worker may write them once it has ended.
        const job = await held(jobId, body.workerId, false);
        log = options.logs.open(job.actionExecutionId);
        openLogs.set(jobId, log);
      }
      for (const entry of body.entries) apply(log, entry);
      if (body.close === true) {
        openLogs.delete(jobId);
        await log.close();
      }
      return await reply.send({});
    } catch (error) {
      return sendApiError(request, reply, error);
    }
  });
}

const streams = new Set(['stdout', 'stderr', 'system']);

function apply(log: ActionLog, entry: LogEntry): void {
  if ('mask' in entry && typeof entry.mask === 'string') return log.mask(entry.mask);
  const stream = (entry as { stream?: unknown }).stream;
  if (typeof stream !== 'string' || !streams.has(stream)) throw new PipewrightError('ValidationException', 'Each log entry names its stream: stdout, stderr or system.');
  const typed = stream as 'stdout' | 'stderr' | 'system';
  if ('line' in entry && typeof entry.line === 'string') return log.line(typed, entry.line);
  if ('write' in entry && typeof entry.write === 'string') return log.write(typed, entry.write);
  throw new PipewrightError('ValidationException', 'A log entry is a mask, a line or a write.');
}

function jsonBody<T>(request: FastifyRequest): Partial<T> {
  const text = typeof request.body === 'string' ? request.body : '';
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed;
  } catch {
    // Answered below.
  }
  throw new PipewrightError('ValidationException', 'The request body must be a JSON object.');
}

function requireString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value === '') throw new PipewrightError('ValidationException', `${name} is required.`);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
