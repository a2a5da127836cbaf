import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SigV4Claim } from './sigv4-credential.js';

/**
 * SigV4's chunked upload (`x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD`): the headers'
 * signature is the seed, and each chunk's signature signs its data and the one before it (S3 API
 * reference, "Signature calculations for the Authorization header: Transferring payload in multiple
 * chunks"):
 *   AWS4-HMAC-SHA256-PAYLOAD \n <date> \n <scope> \n <previous signature> \n <sha256 of ""> \n <sha256 of data>
 */
export interface ChunkChain {
  signingKey: Uint8Array;
  claim: SigV4Claim;
}

const emptyHash = createHash('sha256').update('').digest('hex');

/** A verifier for one upload's chunks, in order, starting from the seed signature. */
export function chunkVerifier(chain: ChunkChain): (chunkSignature: string | undefined, data: Buffer) => boolean {
  let previous = chain.claim.signature;
  const scope = `${chain.claim.shortDate}/${chain.claim.region}/${chain.claim.service}/aws4_request`;
  return (chunkSignature, data) => {
    if (chunkSignature === undefined) return false;
    const stringToSign = ['AWS4-HMAC-SHA256-PAYLOAD', chain.claim.longDate, scope, previous, emptyHash, createHash('sha256').update(data).digest('hex')].join('\n');
    const expected = createHmac('sha256', chain.signingKey).update(stringToSign).digest('hex');
    const matches = expected.length === chunkSignature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(chunkSignature));
    previous = chunkSignature;
    return matches;
  };
}
