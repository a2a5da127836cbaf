import { ServerRefusedError, ServerUnreachableError } from '../../client/client-errors.js';
import { errorCatalogue, PipewrightError, type ErrorCode } from '../../core/errors/index.js';

/**
 * Whether a failed call may succeed if tried again: no server answered (it restarts, the network
 * dropped), or it answered that it cannot serve now (503 while starting or stopping, 502/504 from a
 * proxy in front of it). A refusal of the request itself is final.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof ServerUnreachableError) return true;
  return error instanceof ServerRefusedError && [502, 503, 504].includes(error.httpStatus);
}

/**
 * A server's refusal as the error the in-process peer would have thrown: the Worker tells an
 * InvalidJobStateException (the job already ended) from a fault by its code, whichever peer it has.
 */
export function asPipewrightError(error: unknown): unknown {
  if (!(error instanceof ServerRefusedError) || !Object.hasOwn(errorCatalogue, error.exceptionName)) return error;
  return new PipewrightError(error.exceptionName as ErrorCode, error.message, { cause: error });
}
