
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Signs a request to a Pipewright server with SigV4 (the AWS SDK's own signer), as every call to a
 * server in iam mode must be: the `/api` routes, the event stream, and raw protocol calls made
 * without an SDK client. Returns the headers to send.
 */
export async function signedHeaders(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
  credentials: SigningCredentials,
  options: { region: string; service?: string },
): Promise<Record<string, string>> {
  const target = new URL(url);
  // Loaded by the first signature: the signer brings 400 KB of the SDK's core, which a server's start
  // (the demo and the remote worker import this module) and most commands never need.
  const { sdkSigner } = await import('./sdk-signer.js');
  const signer = sdkSigner(credentials, options.region, options.service ?? 'codepipeline');
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of target.searchParams) {
    const existing = query[key];
    query[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const signed = await signer.sign({
    method: init.method ?? 'GET',
    protocol: target.protocol,
    hostname: target.hostname,
    ...(target.port !== '' ? { port: Number(target.port) } : {}),
    path: decodeURIComponent(target.pathname),
    query,
    headers: { ...lowerCased(init.headers ?? {}), host: target.host },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  return signed.headers;
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
