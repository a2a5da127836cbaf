import type { FastifyInstance } from 'fastify';
import { PipewrightError } from '../../../core/errors/index.js';
import { sendApiError } from '../api-route-support.js';
import type { AllowedHosts } from './allowed-hosts.js';

/**
 * Refuses every request whose Host header names something else than this server (DNS rebinding: a web
 * page whose name was re-pointed at 127.0.0.1 would otherwise reach the API as a same-origin caller).
 * `/healthz` answers whatever the name, for load balancers that probe by address or internal name.
 */
export function registerHostGuard(app: FastifyInstance, hosts: AllowedHosts): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/healthz' || hosts.allows(request.headers.host)) return;
    const host = request.headers.host ?? '';
    const message =
      `The Host header ${JSON.stringify(host.slice(0, 255))} does not name this server: requests through other names are refused, ` +
      'so that a web page cannot reach the server by re-pointing its own name (DNS rebinding). ' +
      'Use localhost or an IP address, or start the server with --public-url (PIPEWRIGHT_PUBLIC_URL) set to the URL clients use.';
    return sendApiError(request, reply, new PipewrightError('AccessDeniedException', message));
  });
}
