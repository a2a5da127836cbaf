import type { FastifyInstance } from 'fastify';
import { asJsonProtocolError, incomingCall } from '../identity.js';
import { sendApiError } from '../http/api-route-support.js';
import type { ApiServices } from '../services.js';
import { apiRouteAction } from './api-route-actions.js';

/** Routes that must answer before anyone is signed in: the console's sign-in itself. */
const openRoutes = /^\/api\/session(\/|$)/;

/**
 * The same verification on Pipewright's `/api` routes and the event stream as on the JSON API: a SigV4
 * signature (the CLI signs) or the console's session cookie, then the route's IAM action authorized
 * (api-route-actions.ts). Runs as a preHandler, after the body is read, so signed bodies are checked.
 */
export function registerApiRoutesGate(app: FastifyInstance, services: ApiServices): void {
  if (services.identity.mode === 'none') return;
  app.addHook('preHandler', async (request, reply) => {
    const url = request.raw.url ?? request.url;
    const [path = '', query = ''] = url.split('?', 2);
    if (!path.startsWith('/api/') || openRoutes.test(path)) return;
    try {
      const principal = await services.identity.authenticate(incomingCall(request, typeof request.body === 'string' ? request.body : ''));
      const wanted = apiRouteAction(request.method, path, new URLSearchParams(query), services.partition);
      if (wanted !== undefined) await services.identity.authorize(principal, wanted.action, wanted.resource, { sourceIp: request.ip, now: services.clock.now() });
      request.principal = principal;
    } catch (error) {
      return sendApiError(request, reply, asJsonProtocolError(error));
    }
    return undefined;
  });
}
