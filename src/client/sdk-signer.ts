import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SigningCredentials } from './signed-fetch.js';

/** The AWS SDK's own SigV4 signer, in a module of its own so that signed-fetch.ts loads it (400 KB of the SDK's core) at the first signature. */
export function sdkSigner(credentials: SigningCredentials, region: string, service: string): SignatureV4 {
  return new SignatureV4({ credentials, region, service, sha256: Sha256 });
}
