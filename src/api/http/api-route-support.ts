import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PipewrightError } from '../../core/errors/index.js';
import { errorResponse } from './error-response.js';

/**
 * Sends an error of a Pipewright `/api/…` route through the one mapping (error-response.ts): the same
 * `{"__type", "message"}` body and status as the protocol route, our own faults logged with context.
 */
export function sendApiError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const requestId = randomUUID();
  const response = errorResponse(error, requestId);
  if (response.ourFault) request.log.error({ err: error, url: request.url, requestId }, 'console api call failed on our fault');
  return reply.code(response.status).header('x-amzn-ErrorType', response.code).header('x-amzn-RequestId', requestId).send(response.body);
}

/** A non-negative integer from a query parameter or header; `fallback` when absent. */
export function cursorParameter(value: string | string[] | undefined, name: string, fallback: number): number {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text === '') return fallback;
  if (!/^\d{1,15}$/.test(text)) {
    throw new PipewrightError('ValidationException', `${name} must be a non-negative integer; got ${JSON.stringify(text)}.`);
  }
  return Number(text);
}

/** A positive integer no larger than `max`, from a query parameter; `fallback` when absent. */
export function limitParameter(value: string | string[] | undefined, name: string, fallback: number, max: number): number {
  const limit = cursorParameter(value, name, fallback);
  if (limit < 1 || limit > max) throw new PipewrightError('ValidationException', `${name} must be between 1 and ${max}; got ${limit}.`);
  return limit;
}

export function queryOf(request: FastifyRequest): Record<string, string | string[] | undefined> {
  return (request.query ?? {}) as Record<string, string | string[] | undefined>;
}
