import type { FastifyError, FastifyInstance } from 'fastify';
import { PipewrightError } from '../../../core/errors/index.js';
import { sendApiError } from '../api-route-support.js';

/**
 * Errors Fastify raises itself while reading a request (a body over the limit, a bad Content-Length…)
 * answered through the one error mapping with AWS's common errors, not Fastify's default wording.
 * Routes answer their own errors; what reaches this handler unrecognised is our fault (InternalFailure).
 */
export function registerFastifyErrorAnswers(app: FastifyInstance, limits: { maxBodyBytes: number }): void {
  app.setErrorHandler((error: FastifyError, request, reply) => sendApiError(request, reply, translate(error, limits.maxBodyBytes)));
}

function translate(error: FastifyError, maxBodyBytes: number): unknown {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new PipewrightError('RequestEntityTooLargeException', `The request body is larger than this route accepts (the API takes at most ${maxBodyBytes} bytes).`);
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new PipewrightError('MalformedHttpRequestException', `The request could not be read: ${error.message}`);
  }
  return error;
}
