import type { Principal } from '../../core/identity/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, set by the gates in iam mode. */
    principal?: Principal;
  }
}
