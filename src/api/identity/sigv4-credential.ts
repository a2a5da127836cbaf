/**
 * What a SigV4-signed request says about its signature, read from the Authorization header
 * (`AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/codepipeline/aws4_request, SignedHeaders=…,
 * Signature=…`) or from a presigned URL's query (`X-Amz-Credential`, `X-Amz-Signature`…).
 */
export interface SigV4Claim {
  form: 'header' | 'query';
  accessKeyId: string;
  /** `YYYYMMDDTHHMMSSZ`, from X-Amz-Date. */
  longDate: string;
  shortDate: string;
  region: string;
  service: string;
  /** Lower-case header names, as listed in SignedHeaders. */
  signedHeaders: string[];
  signature: string;
  /** Presigned URLs only: seconds the URL stays valid (X-Amz-Expires). */
  expiresSeconds?: number;
}

export type ClaimReading = { claim: SigV4Claim } | { missing: true } | { incomplete: string };

const algorithm = 'AWS4-HMAC-SHA256';

export function readSigV4Claim(headers: Record<string, string | string[] | undefined>, query: URLSearchParams): ClaimReading {
  const authorization = first(headers.authorization);
  if (authorization !== undefined && authorization.startsWith(algorithm)) {
    const parts = Object.fromEntries(
      authorization
        .slice(algorithm.length)
        .split(',')
        .map((part) => part.trim().split('=', 2) as [string, string | undefined])
        .filter((pair): pair is [string, string] => pair[1] !== undefined),
    );
    return claimFrom('header', parts.Credential, parts.SignedHeaders, parts.Signature, first(headers['x-amz-date']) ?? undefined);
  }
  if (authorization !== undefined && authorization !== '') return { incomplete: `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.` };
  if (query.get('X-Amz-Algorithm') === algorithm) {
    const reading = claimFrom('query', query.get('X-Amz-Credential'), query.get('X-Amz-SignedHeaders'), query.get('X-Amz-Signature'), query.get('X-Amz-Date'));
    if ('claim' in reading) {
      const expires = Number(query.get('X-Amz-Expires') ?? 'NaN');
      if (!Number.isInteger(expires) || expires < 1 || expires > 604800) return { incomplete: 'X-Amz-Expires must be a whole number of seconds from 1 to 604800.' };
      reading.claim.expiresSeconds = expires;
    }
    return reading;
  }
  return { missing: true };
}

function claimFrom(form: SigV4Claim['form'], credential: string | null | undefined, signedHeaders: string | null | undefined, signature: string | null | undefined, longDate: string | null | undefined): ClaimReading {
  if (credential == null || signedHeaders == null || signature == null) {
    return { incomplete: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.` };
  }
  const [accessKeyId, shortDate, region, service, terminator, ...rest] = credential.split('/');
  if (accessKeyId === undefined || shortDate === undefined || region === undefined || service === undefined || terminator !== 'aws4_request' || rest.length > 0) {
    return { incomplete: `Credential should be scoped to a valid region, not '${region ?? ''}'. ` };
  }
  if (longDate == null || !/^\d{8}T\d{6}Z$/.test(longDate)) {
    return { incomplete: `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.` };
  }
  return {
    claim: { form, accessKeyId, shortDate, longDate, region, service, signedHeaders: signedHeaders.split(';').filter((name) => name !== ''), signature },
  };
}

function first(value: string | string[] | undefined | null): string | undefined {
  return Array.isArray(value) ? value[0] : (value ?? undefined);
}
