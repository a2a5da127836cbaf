import { randomUUID } from 'node:crypto';
import { PipewrightError } from '../../core/errors/index.js';
import type { MemberRule } from '../protocol/check-members.js';

/** The members every operation that writes a value takes, as Secrets Manager's model bounds them. */
export const valueMembers: Record<string, MemberRule> = {
  ClientRequestToken: { type: 'string', min: 32, max: 64 },
  SecretString: { type: 'string', max: 65536, sensitive: true },
  SecretBinary: { type: 'string' },
};

/**
 * The value a write carries. Only SecretString is kept here: a binary secret is refused with the reason
 * rather than stored in a form GetSecretValue could not give back as it was.
 */
export function secretStringOf(input: { SecretString?: string; SecretBinary?: string }): string | undefined {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined) {
    throw new PipewrightError('InvalidParameterException', "You can't specify both a binary secret value and a string secret value in the same secret.");
  }
  if (input.SecretBinary !== undefined) throw new PipewrightError('InvalidRequestException', 'Pipewright keeps SecretString values only; SecretBinary is not supported.');
  return input.SecretString;
}

/** The SDKs send a fresh ClientRequestToken with every write; it becomes the version's id. */
export function versionIdOf(input: { ClientRequestToken?: string }): string {
  return input.ClientRequestToken ?? randomUUID();
}
