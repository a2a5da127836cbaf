import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, hostOf, refusedAddressReason, RefusedTargetError } from './target-addresses.js';

/**
 * POSTs a JSON body to a notification target through node:http with a guarded lookup (fetch offers no
 * hook on the address it connects to): loopback, link-local and private addresses are refused at the
 * moment of connecting unless allowed. Resolves with the status; the answer's body is read and dropped.
 */
export function postJson(
  url: string,
  options: { headers: Record<string, string>; body: string; timeoutMs: number; allowPrivate: boolean },
): Promise<{ status: number }> {
  const host = hostOf(url);
  const literalReason = options.allowPrivate || isIP(host) === 0 ? undefined : refusedAddressReason(host);
  if (literalReason !== undefined) return Promise.reject(new RefusedTargetError(`${literalReason}; the target is refused`));
  const request = new URL(url).protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': Buffer.byteLength(options.body) },
        lookup: guardedLookup(options.allowPrivate),
        // A new connection, and so a new lookup, for every POST: a pooled socket would skip the check.
        agent: false,
        timeout: options.timeoutMs,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}
