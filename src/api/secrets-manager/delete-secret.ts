import { PipewrightError } from '../../core/errors/index.js';
import type { JsonOperation } from '../json-service.js';
import { checkMembers } from '../protocol/check-members.js';
import { noSuchSecret, requireSecret, secretArn } from './secret-arn.js';

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Secrets Manager DeleteSecret. AWS keeps a deleted secret for a recovery window (7–30 days, 30 by
 * default) and answers the date it will be gone; Pipewright deletes at once (there is no RestoreSecret
 * here) and answers the date AWS would, so scripts that read DeletionDate behave alike.
 */
export const deleteSecret: JsonOperation = async (body, context) => {
  const input = checkMembers<{ SecretId: string; RecoveryWindowInDays?: number; ForceDeleteWithoutRecovery?: boolean }>(body, {
    SecretId: { type: 'string', required: true, min: 1, max: 2048 },
    RecoveryWindowInDays: { type: 'integer' },
    ForceDeleteWithoutRecovery: { type: 'boolean' },
  });
  if (input.RecoveryWindowInDays !== undefined && input.ForceDeleteWithoutRecovery === true) {
    throw new PipewrightError('InvalidParameterException', "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  }
  const window = input.RecoveryWindowInDays ?? 30;
  if (window < 7 || window > 30) throw new PipewrightError('InvalidParameterException', 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
  const secret = await requireSecret(input.SecretId, context);
  const arn = secretArn(context.services.partition, secret);
  if (!(await context.services.store.deleteSecret(secret.name))) throw noSuchSecret();
  const deletion = input.ForceDeleteWithoutRecovery === true ? context.now : context.now + window * dayMs;
  return { ARN: arn, Name: secret.name, DeletionDate: deletion / 1000 };
};
