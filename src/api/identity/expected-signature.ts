import { createHmac } from 'node:crypto';
import { SignatureV4, getSigningKey } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import { NodeSha256 } from '../../core/node-sha256.js';
import type { SigV4Claim } from './sigv4-credential.js';

/**
 * The signature a request should carry, computed by @smithy/signature-v4 (the AWS SDK's own signer)
 * from the parts the client says it signed: no hand-written canonicalisation to drift from AWS's.
 */
export interface SignedParts {
  method: string;
  /** The path as it came on the wire (percent-encoded). */
  rawPath: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The hash of the payload: x-amz-content-sha256, UNSIGNED-PAYLOAD, or the body's SHA-256. */
  payloadHash: string;
}

class VerifyingSigner extends SignatureV4 {
  async expected(request: HttpRequest, claim: SigV4Claim, payloadHash: string): Promise<string> {
    const canonicalHeaders: Record<string, string> = {};
    for (const name of claim.signedHeaders) canonicalHeaders[name] = request.headers[name]?.trim().replace(/\s+/g, ' ') ?? '';
    const scope = `${claim.shortDate}/${claim.region}/${claim.service}/aws4_request`;
    const credentials = await this.credentialProvider();
    const stringToSign = await this.createStringToSign(claim.longDate, scope, this.createCanonicalRequest(request, canonicalHeaders, payloadHash), 'AWS4-HMAC-SHA256');
    const signingKey = await getSigningKey(this.sha256, credentials, claim.shortDate, claim.region, claim.service);
    return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  }
}

export async function expectedSignature(parts: SignedParts, claim: SigV4Claim, secretAccessKey: string): Promise<string> {
  // S3 signs the path as sent; every other service signs it URI-encoded once more (SigV4's rule).
  const s3 = claim.service === 's3';
  const signer = new VerifyingSigner({ credentials: { accessKeyId: claim.accessKeyId, secretAccessKey }, region: claim.region, service: claim.service, sha256: NodeSha256, uriEscapePath: !s3 });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parts.headers)) if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of parts.query) {
    if (key === 'X-Amz-Signature') continue;
    const existing = query[key];
    query[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const request: HttpRequest = {
    method: parts.method,
    protocol: 'http:',
    hostname: headers.host ?? '',
    path: s3 ? parts.rawPath : safeDecode(parts.rawPath),
    query,
    headers,
  };
  return signer.expected(request, claim, parts.payloadHash);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
