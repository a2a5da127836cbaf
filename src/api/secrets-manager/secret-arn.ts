import { createHash } from 'node:crypto';
import type { Partition } from '../../core/arn.js';
import type { SecretSummaryRecord } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import type { RequestContext } from '../operations/operation.js';

const suffixAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Secrets Manager appends six random characters to a secret's name in its ARN, so a secret deleted and
 * created again has another ARN. Ours are derived from the name and the creation time: the same for the
 * life of one secret, different for the next one of that name, with nothing more to store.
 */
function arnSuffix(name: string, created: number): string {
  const digest = createHash('sha256').update(`${name}\0${created}`).digest();
  return [...digest.subarray(0, 6)].map((byte) => suffixAlphabet[byte % suffixAlphabet.length]).join('');
}

export function secretArn(at: Partition, secret: Pick<SecretSummaryRecord, 'name' | 'created'>): string {
  return `arn:aws:secretsmanager:${at.region}:${at.accountId}:secret:${secret.name}-${arnSuffix(secret.name, secret.created)}`;
}

const arnPattern = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/;

/** AWS's words when a SecretId names no secret. */
export function noSuchSecret(): PipewrightError {
  return new PipewrightError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
}

/**
 * The secret a SecretId names: a name, a full ARN (with the suffix) or a partial ARN (without it).
 * Throws ResourceNotFoundException when there is none.
 */
export async function requireSecret(secretId: string, context: RequestContext): Promise<SecretSummaryRecord> {
  const store = context.services.store;
  const fromArn = arnPattern.exec(secretId)?.[1];
  if (fromArn === undefined) {
    const secret = await store.describeSecret(secretId);
    if (secret === undefined) throw noSuchSecret();
    return secret;
  }
  const withoutSuffix = fromArn.replace(/-[A-Za-z0-9]{6}$/, '');
  for (const name of new Set([withoutSuffix, fromArn])) {
    const secret = await store.describeSecret(name);
    if (secret !== undefined && (secretArn(context.services.partition, secret) === secretId || name === fromArn)) return secret;
  }
  throw noSuchSecret();
}
