import { ServerUnreachableError } from './client-errors.js';
import { urlOf, type Connection } from './connection.js';
import { refusal } from './refusal.js';
import { signedHeaders } from './signed-fetch.js';
import { signingCredentials } from './signing-credentials.js';

/**
 * One request to a Pipewright `/api/…` route. Errors come back as CodePipeline's do
 * (`{"__type", "message"}`), and become ServerRefusedError; a connection that fails becomes
 * ServerUnreachableError. Requests are signed with SigV4 with the credentials the CodePipeline client
 * would use, so they pass a server in `--auth iam` mode as the SDK's calls do.
 */
export async function apiFetch(connection: Connection, path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  // Outside the try: credentials the SDK cannot find are the caller's problem, not an unreachable server.
  const url = urlOf(connection, path);
  const body = typeof init.body === 'string' ? init.body : undefined;
  const headers = await signedHeaders(url, { method: init.method ?? 'GET', headers: plainHeaders(init.headers), ...(body !== undefined ? { body } : {}) }, await signingCredentials(connection), { region: connection.region });
  delete headers.host;
  try {
    response = await fetch(url, { ...init, headers });
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

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  if (headers === undefined) return {};
  const plain: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    plain[name] = value;
  });
  return plain;
}
