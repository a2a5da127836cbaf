import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { artifactEndpointPath } from '../../core/jobs/artifact-endpoint.js';
import { isPipewrightError } from '../../core/errors/index.js';
import { incomingCall } from '../identity.js';
import { chunkVerifier } from '../identity/chunk-signatures.js';
import './principal-on-request.js';
import { AuthenticationFailure, type AuthFailureReason } from '../identity/authentication-failure.js';
import { s3ErrorXml, type S3Error } from '../s3/s3-error.js';
import { isS3Path, s3OperationOf } from '../s3/s3-operations.js';
import type { ApiServices } from '../services.js';

/**
 * SigV4 on S3's API (`/s3`) in iam mode, in the header form (plain, UNSIGNED-PAYLOAD, or
 * aws-chunked with STREAMING-… as the payload hash) and the presigned form (X-Amz-* query). Job workers
 * sign with the artifactCredentials of their hand-out; root may read and write too; IAM users as their
 * policies say, with the action and resource of each operation (s3-operations.ts). Refusals are S3's (S3 API reference, Error responses).
 */
const s3Refusals: Record<AuthFailureReason, S3Error> = {
  missing: { status: 403, code: 'AccessDenied', message: 'Access Denied' },
  incomplete: { status: 400, code: 'InvalidArgument', message: 'Authorization header is invalid.' },
  'unknown-key': { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' },
  'bad-signature': { status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.' },
  expired: { status: 403, code: 'RequestTimeTooSkewed', message: 'The difference between the request time and the current time is too large.' },
};

export function registerS3Gate(app: FastifyInstance, services: ApiServices): void {
  if (services.identity.mode === 'none') return;
  app.addHook('preHandler', async (request, reply) => {
    const url = request.raw.url ?? request.url;
    if (!isS3Path(url)) return undefined;
    try {
      // Bodies stay streams here: the signature covers the declared x-amz-content-sha256.
      const call = incomingCall(request);
      const principal = await services.identity.authenticate(call, 's3');
      if (call.chunkChain !== undefined) request.chunkVerifier = chunkVerifier(call.chunkChain);
      const [path = '', query = ''] = url.slice(artifactEndpointPath.length).split('?', 2);
      const operation = s3OperationOf(request.method, path, new URLSearchParams(query), request.headers);
      for (const check of operation.checks) {
        await services.identity.authorize(principal, check.action, check.resource, { sourceIp: request.ip, now: services.clock.now() });
      }
      request.principal = principal;
    } catch (error) {
      if (error instanceof AuthenticationFailure) {
        const refusal = error.reason === 'expired' && url.includes('X-Amz-Signature=') ? { status: 403, code: 'AccessDenied' as const, message: 'Request has expired' } : s3Refusals[error.reason];
        return refuse(request, reply, refusal);
      }
      if (isPipewrightError(error) && error.code === 'AccessDeniedException') return refuse(request, reply, { status: 403, code: 'AccessDenied', message: error.message });
      throw error;
    }
    return undefined;
  });
}

function refuse(request: FastifyRequest, reply: FastifyReply, error: S3Error): FastifyReply {
  const requestId = randomUUID();
  request.raw.resume();
  const response = reply.code(error.status).header('x-amz-request-id', requestId);
  if (request.method === 'HEAD') return response.send();
  return response.header('content-type', 'application/xml').send(s3ErrorXml(error, request.url, requestId));
}
