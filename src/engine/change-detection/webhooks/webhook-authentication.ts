import { createHmac, timingSafeEqual } from 'node:crypto';
import { ipaddr } from '../commonjs-libraries.js';
import type { WebhookDefinition } from '../../../core/contracts/store.js';
import { header, type CallOutcome, type IncomingCall } from '../incoming-call.js';

/**
 * Whether a call may reach the webhook: GITHUB_HMAC checks GitHub's signature of the raw body
 * (X-Hub-Signature-256, HMAC-SHA256; else the older X-Hub-Signature, HMAC-SHA1) with the SecretToken;
 * IP checks the caller's address against AllowedIPRange; UNAUTHENTICATED lets every call in (its URL
 * is the secret). Returns the refusal, or undefined to go on.
 */
export function refuseCall(definition: WebhookDefinition, call: IncomingCall): Extract<CallOutcome, { kind: 'unauthenticated' | 'forbidden' }> | undefined {
  switch (definition.authentication) {
    case 'GITHUB_HMAC':
      return hmacRefusal(definition.authenticationConfiguration.SecretToken ?? '', call);
    case 'IP':
      return inRange(call.remoteAddress, definition.authenticationConfiguration.AllowedIPRange ?? '')
        ? undefined
        : { kind: 'forbidden', message: `Calls from ${call.remoteAddress} are not allowed: the webhook accepts ${definition.authenticationConfiguration.AllowedIPRange ?? 'no addresses'}.` };
    case 'UNAUTHENTICATED':
      return undefined;
  }
}

function hmacRefusal(secret: string, call: IncomingCall): { kind: 'unauthenticated'; message: string } | undefined {
  const sha256 = header(call, 'x-hub-signature-256');
  const sha1 = header(call, 'x-hub-signature');
  const signed: { algorithm: 'sha256' | 'sha1'; given: string } | undefined =
    sha256 !== undefined ? { algorithm: 'sha256', given: sha256 } : sha1 !== undefined ? { algorithm: 'sha1', given: sha1 } : undefined;
  if (signed === undefined) {
    return { kind: 'unauthenticated', message: 'The call is not signed: X-Hub-Signature-256 (or X-Hub-Signature) is missing.' };
  }
  const { algorithm, given } = signed;
  return signatureMatches(algorithm, secret, call.body, given)
    ? undefined
    : { kind: 'unauthenticated', message: `The ${algorithm === 'sha256' ? 'X-Hub-Signature-256' : 'X-Hub-Signature'} signature does not match the body.` };
}

/** `<algorithm>=<hex HMAC of body>`, compared in constant time. */
export function signatureMatches(algorithm: 'sha256' | 'sha1', secret: string, body: Buffer, given: string, prefixed = true): boolean {
  const expected = Buffer.from(`${prefixed ? `${algorithm}=` : ''}${createHmac(algorithm, secret).update(body).digest('hex')}`, 'utf8');
  const actual = Buffer.from(given.trim().toLowerCase(), 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether an address (IPv4, IPv6, or IPv4 mapped into IPv6) lies in a CIDR block. */
export function inRange(address: string, cidr: string): boolean {
  try {
    const range = ipaddr.parseCIDR(cidr);
    const parsed = ipaddr.process(address);
    const comparable = parsed.kind() === 'ipv4' && range[0].kind() === 'ipv6' ? ipaddr.IPv4.parse(parsed.toString()).toIPv4MappedAddress() : parsed;
    return comparable.kind() === range[0].kind() && comparable.match(range);
  } catch {
    return false;
  }
}
