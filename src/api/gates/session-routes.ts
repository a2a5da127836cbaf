import type { FastifyInstance, FastifyReply } from 'fastify';
import { PipewrightError } from '../../core/errors/index.js';
import { asJsonProtocolError, incomingCall } from '../identity.js';
import { sessionCookieName } from '../identity/console-sessions.js';
import { sendApiError } from '../http/api-route-support.js';
import type { ApiServices } from '../services.js';

/**
 * The console's sign-in, server side:
 * - `POST /api/session` with `{"accessKeyId","secretAccessKey"}` or `{"linkToken"}` opens a session and
 *   sets its cookie (HttpOnly, SameSite=Strict, Path=/): the browser never holds a secret after that.
 * - `GET /api/session` says who the session (or signature) is, and the mode; 403 when nobody.
 * - `DELETE /api/session` signs out.
 * - `POST /api/session/links` (signed, as `pipewright console-link` calls it) issues a one-time link
 *   token for the caller, good for 10 minutes.
 * In none mode the console needs no session: GET answers `{"mode":"none"}` and the rest refuse.
 */
export function registerSessionRoutes(app: FastifyInstance, services: ApiServices): void {
  const { identity, clock } = services;

  app.get('/api/session', async (request, reply) => {
    if (identity.mode === 'none') return reply.send({ mode: 'none' });
    try {
      const principal = await identity.authenticate(incomingCall(request, ''));
      return reply.send({ mode: 'iam', arn: principal.arn });
    } catch (error) {
      return sendApiError(request, reply, asJsonProtocolError(error));
    }
  });

  app.post('/api/session', async (request, reply) => {
    const sessions = identity.sessions;
    if (identity.mode === 'none' || sessions === undefined) return refuse(request, reply, 'ValidationException', 'This server runs with --auth none: the console needs no sign-in.');
    const body = parsed(request.body);
    const now = clock.now();
    let principal;
    if (typeof body.linkToken === 'string') {
      principal = sessions.redeemLink(body.linkToken, now);
      if (principal === undefined) return refuse(request, reply, 'InvalidSignatureException', 'This sign-in link was used already, has expired, or was never issued: ask for a new one (pipewright console-link).');
    } else if (typeof body.accessKeyId === 'string' && typeof body.secretAccessKey === 'string') {
      principal = await identity.principalOfSecret(body.accessKeyId, body.secretAccessKey);
      if (principal === undefined) return refuse(request, reply, 'UnrecognizedClientException', 'The access key id or its secret is not right, or the key is inactive.');
    } else {
      return refuse(request, reply, 'ValidationException', 'The request body must be JSON with "accessKeyId" and "secretAccessKey", or with "linkToken".');
    }
    const { token, maxAgeSeconds } = sessions.open(principal, now);
    return reply
      .header('set-cookie', `${sessionCookieName}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}`)
      .send({ mode: 'iam', arn: principal.arn });
  });

  app.delete('/api/session', async (request, reply) => {
    identity.sessions?.close(request.headers.cookie);
    return reply.header('set-cookie', `${sessionCookieName}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`).code(204).send();
  });

  app.post('/api/session/links', async (request, reply) => {
    const sessions = identity.sessions;
    if (identity.mode === 'none' || sessions === undefined) return refuse(request, reply, 'ValidationException', 'This server runs with --auth none: the console needs no sign-in link.');
    try {
      // A link is made only by a signed request: a session cannot mint links for itself.
      const call = incomingCall(request, typeof request.body === 'string' ? request.body : '');
      if (request.headers.authorization === undefined) throw new PipewrightError('MissingAuthenticationTokenException', 'Request is missing Authentication Token');
      const principal = await identity.authenticate(call);
      return reply.send({ linkToken: sessions.issueLink(principal, clock.now()), expiresInSeconds: 600, arn: principal.arn });
    } catch (error) {
      return sendApiError(request, reply, asJsonProtocolError(error));
    }
  });
}

function parsed(body: unknown): Record<string, unknown> {
  if (typeof body !== 'string') return {};
  try {
    const value = JSON.parse(body) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function refuse(request: Parameters<typeof sendApiError>[0], reply: FastifyReply, code: 'ValidationException' | 'InvalidSignatureException' | 'UnrecognizedClientException', message: string): FastifyReply {
  return sendApiError(request, reply, new PipewrightError(code, message));
}
