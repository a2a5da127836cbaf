import { errorCatalogue, isPipewrightError, type ErrorCode } from '../../core/errors/index.js';

/**
 * The one mapping from errors to the wire (Woodpecker's api/helper.go idea): a PipewrightError keeps
 * its exception name and message; anything else is our own fault and becomes InternalFailure (500)
 * without leaking internals, while the caller logs it with its context.
 */
export interface ErrorResponse {
  status: number;
  code: ErrorCode;
  body: { __type: ErrorCode; message: string };
  ourFault: boolean;
}

export function errorResponse(error: unknown, requestId: string): ErrorResponse {
  if (isPipewrightError(error)) {
    return { status: error.httpStatus, code: error.code, body: { __type: error.code, message: error.message }, ourFault: false };
  }
  const code = 'InternalFailure';
  return {
    status: errorCatalogue[code].status,
    code,
    body: { __type: code, message: `Pipewright failed to handle this request (request id ${requestId}); see the server log.` },
    ourFault: true,
  };
}
