import { errorCatalogue, type ErrorCode } from './catalogue.js';

/**
 * An error Pipewright answers with on purpose: a CodePipeline exception name and a message that says
 * what was wrong and where. Anything else that escapes a request is our own fault (InternalFailure).
 */
export class PipewrightError extends Error {
  override readonly name = 'PipewrightError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get httpStatus(): number {
    return errorCatalogue[this.code].status;
  }
}

export function isPipewrightError(error: unknown): error is PipewrightError {
  return error instanceof PipewrightError;
}

/** Normalises anything thrown into an Error, keeping the original as `cause` (graphile-worker's coerceError). */
export function coerceError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : `Non-error thrown: ${safeStringify(thrown)}`, { cause: thrown });
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
