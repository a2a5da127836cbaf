import { randomBytes } from 'node:crypto';

/**
 * Identifiers in IAM's shapes: access key ids start AKIA (ASIA for temporary credentials), user ids AIDA,
 * group ids AGPA, role ids AROA, followed by 16 characters of base32 (A–Z, 2–7); secret access keys are
 * 40 characters of base64.
 */
const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export type IamIdPrefix = 'AKIA' | 'ASIA' | 'AIDA' | 'AGPA' | 'AROA';

export function newIamId(prefix: IamIdPrefix): string {
  const bytes = randomBytes(16);
  let id = prefix;
  for (const byte of bytes) id += base32[byte % 32] ?? 'A';
  return id;
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}
