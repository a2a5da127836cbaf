import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

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
  const signer = new SignatureV4({ credentials, region: options.region, service: options.service ?? 'codepipeline', sha256: Sha256 });
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
