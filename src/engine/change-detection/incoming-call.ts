/**
 * A webhook call as change detection sees it, independent of the HTTP server: the body exactly as it
 * arrived (signatures are computed over these bytes), the headers, and the caller's address.
 */
export interface IncomingCall {
  body: Buffer;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  remoteAddress: string;
}

/** What became of a call; the HTTP route turns it into a status and a JSON body that says so. */
export type CallOutcome =
  | { kind: 'not-found'; message: string }
  | { kind: 'unauthenticated'; message: string }
  | { kind: 'forbidden'; message: string }
  | { kind: 'bad-request'; message: string }
  /** Authenticated and understood, but filtered out: nothing started, and `message` says why. */
  | { kind: 'filtered'; message: string }
  | { kind: 'started'; message: string; executions: StartedExecution[]; filtered?: FilteredPipeline[] }
  /** The call passed, but starting failed (the target is gone, too many executions): `code` is the exception. */
  | { kind: 'failed'; code: string; message: string };

export interface StartedExecution {
  pipelineName: string;
  pipelineExecutionId: string;
}

export interface FilteredPipeline {
  pipelineName: string;
  reason: string;
}

/** A header's value (the first, when repeated); header names are lower-case in Node. */
export function header(call: IncomingCall, name: string): string | undefined {
  const value = call.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The JSON document of a call: the body itself, or the `payload` field of a form-encoded body (GitHub
 * sends that when a webhook's content type is `application/x-www-form-urlencoded`).
 */
export function parseCallBody(call: IncomingCall): { ok: true; document: unknown } | { ok: false; message: string } {
  let text = call.body.toString('utf8');
  if (/^application\/x-www-form-urlencoded\b/i.test(header(call, 'content-type') ?? '')) {
    const payload = new URLSearchParams(text).get('payload');
    if (payload === null) return { ok: false, message: 'The form-encoded body has no payload field.' };
    text = payload;
  }
  try {
    return { ok: true, document: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `The body is not JSON: ${(error as Error).message}` };
  }
}

/** The id the sender gives each delivery (kept across its redeliveries), if any. */
export function deliveryId(call: IncomingCall): string | undefined {
  return header(call, 'x-github-delivery') ?? header(call, 'x-gitea-delivery') ?? header(call, 'x-gitlab-event-uuid');
}
