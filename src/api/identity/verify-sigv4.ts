import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthenticationFailure } from './authentication-failure.js';
import { authMessages } from './auth-errors.js';
import { getSigningKey } from '@smithy/signature-v4';
import type { ChunkChain } from './chunk-signatures.js';
import { expectedSignature, type SignedParts } from './expected-signature.js';
import { NodeSha256 } from '../../core/node-sha256.js';
import type { SigV4Claim } from './sigv4-credential.js';

/** AWS refuses a signature dated more than 5 minutes away from its own clock. */
export const allowedSkewMs = 5 * 60 * 1000;

export interface VerifiableRequest extends Omit<SignedParts, 'payloadHash'> {
  /** The body as received (text or bytes); undefined for streamed bodies, whose hash is in x-amz-content-sha256. */
  body?: string | Buffer;
}

/**
 * Checks `claim` against the request and the key's secret: the date within 5 minutes of `now` (or,
 * presigned, not past X-Amz-Expires), then the signature recomputed by the SDK's signer.
 */
export async function verifySigV4(request: VerifiableRequest, claim: SigV4Claim, secretAccessKey: string, now: number): Promise<ChunkChain | undefined> {
  const signedAt = parseLongDate(claim.longDate);
  if (claim.longDate.slice(0, 8) !== claim.shortDate) throw new AuthenticationFailure('bad-signature', authMessages.badSignature);
  if (claim.form === 'query') {
    const expiresAt = signedAt + (claim.expiresSeconds ?? 0) * 1000;
    if (now > expiresAt) throw new AuthenticationFailure('expired', `Signature expired: ${claim.longDate} is now earlier than ${longDate(now)}.`);
    if (signedAt - now > allowedSkewMs) throw notYetCurrent(claim.longDate, now);
  } else {
    if (signedAt < now - allowedSkewMs) {
      throw new AuthenticationFailure('expired', `Signature expired: ${claim.longDate} is now earlier than ${longDate(now - allowedSkewMs)} (${longDate(now)} - 5 min.)`);
    }
    if (signedAt > now + allowedSkewMs) throw notYetCurrent(claim.longDate, now);
  }
  if (!claim.signedHeaders.includes('host')) throw new AuthenticationFailure('bad-signature', authMessages.badSignature);
  const expected = await expectedSignature({ ...request, payloadHash: payloadHash(request, claim) }, claim, secretAccessKey);
  const given = Buffer.from(claim.signature, 'utf8');
  const wanted = Buffer.from(expected, 'utf8');
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw new AuthenticationFailure('bad-signature', authMessages.badSignature);
  // A body signed chunk by chunk: hand back what checking each chunk needs.
  if (!String(request.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD')) return undefined;
  const signingKey = await getSigningKey(NodeSha256, { accessKeyId: claim.accessKeyId, secretAccessKey }, claim.shortDate, claim.region, claim.service);
  return { signingKey, claim };
}

/**
 * The payload hash the signature covers. A declared x-amz-content-sha256 is believed only for bodies
 * not read here (streams, UNSIGNED-PAYLOAD, aws-chunked: their chunks carry their own signatures);
 * for a body in hand, the declared hash must be the body's, or a signed request could carry another body.
 */
function payloadHash(request: VerifiableRequest, claim: SigV4Claim): string {
  const declared = request.headers['x-amz-content-sha256'];
  const value = Array.isArray(declared) ? declared[0] : declared;
  if (request.body === undefined) {
    if (value !== undefined && value !== '') return value;
    return claim.form === 'query' && claim.service === 's3' ? 'UNSIGNED-PAYLOAD' : emptyHash;
  }
  const actual = createHash('sha256').update(request.body).digest('hex');
  if (value !== undefined && value !== '' && value !== actual) throw new AuthenticationFailure('bad-signature', authMessages.badSignature);
  return actual;
}

const emptyHash = createHash('sha256').update('').digest('hex');

function notYetCurrent(signed: string, now: number): AuthenticationFailure {
  return new AuthenticationFailure('expired', `Signature not yet current: ${signed} is still later than ${longDate(now + allowedSkewMs)} (${longDate(now)} + 5 min.)`);
}

function parseLongDate(value: string): number {
  const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(9, 11)}:${value.slice(11, 13)}:${value.slice(13, 15)}Z`;
  return Date.parse(iso);
}

export function longDate(time: number): string {
  return new Date(time).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
