import { createHash, createHmac } from 'node:crypto';
import type { SigningCredentials } from './signed-fetch.js';

const sha256Hex = (data: string): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/**
 * The headers of a SigV4-signed POST with no query (a JSON 1.1 call), on Node's crypto. The
 * general signer (`signedHeaders`, the SDK's @smithy/signature-v4) brings 400 KB of the SDK's core
 * with it, most of a `pipewright status`'s start; this one request shape needs no query canonicalisation,
 * and the server verifies it with the SDK's own signer (test/client/json-call.test.ts).
 */
export function signedPostHeaders(
  url: URL,
  headers: Readonly<Record<string, string>>,
  body: string,
  credentials: SigningCredentials,
  options: { region: string; service: string; now?: Date },
): Record<string, string> {
  const amzDate = (options.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const signed: Record<string, string> = { ...lowerCased(headers), host: url.host, 'x-amz-date': amzDate };
  if (credentials.sessionToken !== undefined) signed['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(signed).sort();
  const canonicalHeaders = names.map((name) => `${name}:${signed[name]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedNames = names.join(';');
  const canonicalRequest = ['POST', canonicalPath(url.pathname), '', canonicalHeaders, signedNames, sha256Hex(body)].join('\n');
  const scope = `${day}/${options.region}/${options.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), options.region), options.service), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  const { host: _host, ...sent } = signed;
  return { ...sent, authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedNames}, Signature=${signature}` };
}

/** SigV4's canonical path for services other than S3: each segment of the decoded path URI-encoded. */
function canonicalPath(pathname: string): string {
  const escape = (segment: string) => encodeURIComponent(segment).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return decodeURIComponent(pathname).split('/').map(escape).join('/');
}

function lowerCased(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
