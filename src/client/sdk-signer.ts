import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../core/node-sha256.js';
import type { SigningCredentials } from './signed-fetch.js';

/** The AWS SDK's own SigV4 signer, in a module of its own so that signed-fetch.ts loads it (with the part of the SDK's core it needs) at the first signature. */
export function sdkSigner(credentials: SigningCredentials, region: string, service: string): SignatureV4 {
  return new SignatureV4({ credentials, region, service, sha256: NodeSha256 });
}
