import { STATUS_CODES, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ServerUnreachableError } from './client-errors.js';
import { urlOf, type Connection } from './connection.js';
import { refusalOf } from './refusal.js';
import { signedHeaders } from './signed-fetch.js';
import { signingCredentials } from './signing-credentials.js';

/**
 * The members of CodePipeline's shapes that are timestamps: epoch seconds on the wire, Dates in the
 * SDK's output. No member of another type has one of these names (held to the service model by a test).
 */
export const timestampMembers: ReadonlySet<string> = new Set([
  'approvedAt',
  'created',
  'endTime',
  'lastChangedAt',
  'lastStatusChange',
  'lastTriggered',
  'lastUpdateTime',
  'pollingDisabledAt',
  'startTime',
  'updated',
]);

/**
 * One call of CodePipeline's JSON 1.1 API, signed as the SDK signs it, without loading the SDK: what
 * the SDK client would return (timestamps as Dates, no `$metadata`). The server's refusals become
 * ServerRefusedError, no answer ServerUnreachableError, as with the SDK client (see `call`).
 */
export async function jsonCall<Output>(connection: Connection, operation: string, input: object): Promise<Output> {
  const url = urlOf(connection, '/');
  const body = JSON.stringify(input);
  // The SDK's own signer (@smithy/signature-v4), without the SDK's client and its middleware stack.
  const { host: _host, ...headers } = await signedHeaders(
    url,
    { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `CodePipeline_20150709.${operation}` }, body },
    await signingCredentials(connection),
    { region: connection.region, service: 'codepipeline' },
  );
  const response = await post(new URL(url), headers, body).catch((error: unknown) => {
    throw new ServerUnreachableError(connection.endpoint, { cause: error });
  });
  if (response.status < 200 || response.status > 299) throw refusalOf(response.status, response.text, STATUS_CODES[response.status]);
  return fromWire(JSON.parse(response.text)) as Output;
}

/**
 * A POST by node:http(s): `fetch` would load undici first, about 50 ms of a `pipewright status`.
 * Rejects only when no response came (refused, reset, DNS).
 */
function post(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

/** A wire value as the SDK gives it: timestamp members (epoch seconds) become Dates. */
export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, member]) => [name, timestampMembers.has(name) && typeof member === 'number' ? new Date(Math.round(member * 1000)) : fromWire(member)]),
  );
}
