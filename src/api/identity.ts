import type { FastifyRequest } from 'fastify';
import { PipewrightError } from '../core/errors/index.js';
import { AuthenticationFailure } from './identity/authentication-failure.js';
import { jsonAuthErrors } from './identity/auth-errors.js';
import type { IncomingCall } from './identity/identity-service.js';

/**
 * Who is calling. Every door (the JSON API, IAM and STS, /api, /s3, git) establishes the caller
 * through `services.identity` (identity/identity-service.ts) and nowhere else: in `iam` mode from a
 * verified SigV4 signature or a console session, never from a header the caller chose.
 */
export type { Principal } from '../core/identity/principal.js';
export { IdentityService } from './identity/identity-service.js';

/** The parts of a Fastify request that authentication reads. */
export function incomingCall(request: FastifyRequest, body?: string | Buffer): IncomingCall {
  const url = request.raw.url ?? request.url;
  const queryAt = url.indexOf('?');
  return {
    method: request.method,
    rawPath: queryAt === -1 ? url : url.slice(0, queryAt),
    rawQuery: queryAt === -1 ? '' : url.slice(queryAt + 1),
    headers: request.headers,
    sourceIp: request.ip,
    ...(body !== undefined ? { body } : {}),
  };
}

/** An authentication failure in the JSON protocol's words (CodePipeline, /api); anything else unchanged. */
export function asJsonProtocolError(error: unknown): unknown {
  if (!(error instanceof AuthenticationFailure)) return error;
  return new PipewrightError(jsonAuthErrors[error.reason].code as 'InvalidSignatureException', error.message);
}
