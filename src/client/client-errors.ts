/**
 * The two ways a call fails that a caller tells apart: the server answered no (an exception name and
 * its message, as CodePipeline words them), or no server answered at all.
 */
export class ServerRefusedError extends Error {
  override readonly name = 'ServerRefusedError';

  constructor(
    readonly exceptionName: string,
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
  }
}

export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError';

  constructor(
    readonly endpoint: string,
    options: { cause?: unknown },
  ) {
    super(`Cannot reach a Pipewright server at ${endpoint}${causeText(options.cause)}.`, options);
  }
}

/** Connection-level failure codes Node reports when nothing answers at an address. */
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** Whether `error` (from fetch or the AWS SDK, with its chain of causes) says no server answered. */
export function isUnreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && unreachableCodes.has(code)) return true;
    const errors = (current as { errors?: unknown }).errors;
    // Happy eyeballs reports one AggregateError for every address it tried.
    if (Array.isArray(errors) && errors.some((inner) => isUnreachable(inner))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function causeText(cause: unknown): string {
  for (let current = cause, depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return ` (${code})`;
    const next = (current as { cause?: unknown }).cause;
    // undici's "fetch failed" says little; its cause says why (e.g. "bad port").
    if ((next === undefined || next === null) && current !== cause && current instanceof Error) return ` (${current.message})`;
    current = next;
  }
  return '';
}
