import { ServerRefusedError, ServerUnreachableError } from './client-errors.js';
import { urlOf, type Connection } from './connection.js';

/**
 * One request to a Pipewright `/api/…` route. Errors come back as CodePipeline's do
 * (`{"__type", "message"}`), and become ServerRefusedError; a connection that fails becomes
 * ServerUnreachableError.
 */
export async function apiFetch(connection: Connection, path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(urlOf(connection, path), init);
  } catch (error) {
    // fetch rejects only when no response came (refused, reset, DNS, a port it will not use); an abort is the caller's.
    if ((error as { name?: unknown }).name === 'AbortError') throw error;
    throw new ServerUnreachableError(connection.endpoint, { cause: error });
  }
  if (!response.ok) throw await refusal(response);
  return response;
}

export async function apiJson<Result>(connection: Connection, path: string, init: RequestInit = {}): Promise<Result> {
  const response = await apiFetch(connection, path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  return (await response.json()) as Result;
}

async function refusal(response: Response): Promise<ServerRefusedError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { __type?: unknown; message?: unknown };
    if (typeof body.__type === 'string') {
      return new ServerRefusedError(body.__type.replace(/^.*#/, ''), typeof body.message === 'string' ? body.message : '', response.status);
    }
  } catch {
    // Not one of ours: reported below with the status it came with.
  }
  return new ServerRefusedError(`HTTP${response.status}`, text.slice(0, 500) || response.statusText, response.status);
}
