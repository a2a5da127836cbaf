import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../services.js';
import { registerApiRoutesGate } from './api-routes-gate.js';
import { registerGitGate } from './git-gate.js';
import { registerS3Gate } from './s3-gate.js';
import { registerSessionRoutes } from './session-routes.js';
import './principal-on-request.js';

/**
 * Authentication on the doors besides the JSON and query protocols (which verify in their own routes):
 * `/api` and the event stream, git over HTTP, and the artifact endpoint (/s3). Registered before any route, so that Fastify applies
 * these hooks to routes registered in encapsulated scopes too. In none mode they add nothing. Also the
 * console's sign-in routes (`/api/session`).
 */
export function registerIdentityGates(app: FastifyInstance, services: ApiServices): void {
  registerApiRoutesGate(app, services);
  registerGitGate(app, services);
  registerS3Gate(app, services);
  registerSessionRoutes(app, services);
}
