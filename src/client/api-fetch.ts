import { ServerRefusedError, ServerUnreachableError } from './client-errors.js';
import { urlOf, type Connection } from './connection.js';
import { codePipelineClient } from './codepipeline-client.js';
import { signedHeaders, type SigningCredentials } from './signed-fetch.js';

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
  const headers = await signedHeaders(url, { method: init.method ?? 'GET', headers: plainHeaders(init.headers), ...(body !== undefined ? { body } : {}) }, await credentialsOf(connection), { region: connection.region });
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

const credentialProviders = new Map<string, () => Promise<SigningCredentials>>();

/** The credentials the SDK's chain resolves for `connection` (one client per connection, kept). */
function credentialsOf(connection: Connection): Promise<SigningCredentials> {
  const key = `${connection.endpoint} ${connection.region} ${connection.profile ?? ''}`;
  let provider = credentialProviders.get(key);
  if (provider === undefined) {
    const client = codePipelineClient(connection);
    provider = () => client.config.credentials();
    credentialProviders.set(key, provider);
  }
  return provider();
}

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  if (headers === undefined) return {};
  const plain: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    plain[name] = value;
  });
  return plain;
}
