import { PipewrightError } from '../core/errors/index.js';

/**
 * Opaque `nextToken`s: a cursor of the listing that issued it, base64url-encoded with the listing's
 * name so that a token from one listing is refused by another (InvalidNextTokenException), as AWS does.
 */
export function encodeNextToken(listing: string, cursor: unknown): string {
  return Buffer.from(JSON.stringify({ l: listing, c: cursor }), 'utf8').toString('base64url');
}

export function decodeNextToken<Cursor>(listing: string, token: string | undefined, isCursor: (value: unknown) => value is Cursor): Cursor | undefined {
  if (token === undefined) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { l?: unknown; c?: unknown };
    if (decoded.l === listing && isCursor(decoded.c)) return decoded.c;
  } catch {
    // Falls through to the refusal below: a token we did not issue.
  }
  throw new PipewrightError('InvalidNextTokenException', `The nextToken is not one returned by a previous ${listing} call.`);
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}
