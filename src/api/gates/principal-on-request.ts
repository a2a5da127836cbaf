import type { Principal } from '../../core/identity/principal.js';
import type { ChunkVerifier } from '../s3/aws-chunked.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, set by the gates in iam mode. */
    principal?: Principal;
    /** Checks the chunks of a body signed chunk by chunk (iam mode, set by the artifact endpoint's gate). */
    chunkVerifier?: ChunkVerifier;
  }
}
