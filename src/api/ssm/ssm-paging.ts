import { PipewrightError, isPipewrightError } from '../../core/errors/index.js';
import { decodeNextToken, encodeNextToken } from '../paging.js';

/** Page tokens of SSM's listings; a token SSM did not issue is its InvalidNextToken. */
export function decodeSsmToken<Cursor>(listing: string, token: unknown, isCursor: (value: unknown) => value is Cursor): Cursor | undefined {
  try {
    return decodeNextToken(listing, typeof token === 'string' ? token : undefined, isCursor);
  } catch (error) {
    if (isPipewrightError(error)) throw new PipewrightError('InvalidNextToken', 'The specified token isn\'t valid.');
    throw error;
  }
}

export { encodeNextToken };
