import { PipewrightError } from '../../core/errors/index.js';
import type { JsonOperation } from '../json-service.js';
import { checkMembers } from '../protocol/check-members.js';
import { requireSecret, secretArn } from './secret-arn.js';

/** Secrets Manager UpdateSecretVersionStage: moves a label to a version, or takes it off one. */
export const updateSecretVersionStage: JsonOperation = async (body, context) => {
  const input = checkMembers<{ SecretId: string; VersionStage: string; MoveToVersionId?: string; RemoveFromVersionId?: string }>(body, {
    SecretId: { type: 'string', required: true, min: 1, max: 2048 },
    VersionStage: { type: 'string', required: true, min: 1, max: 256 },
    MoveToVersionId: { type: 'string', min: 32, max: 64 },
    RemoveFromVersionId: { type: 'string', min: 32, max: 64 },
  });
  const secret = await requireSecret(input.SecretId, context);
  const moved = await context.services.store.updateSecretVersionStage({
    name: secret.name,
    stage: input.VersionStage,
    ...(input.MoveToVersionId !== undefined ? { moveToVersionId: input.MoveToVersionId } : {}),
    ...(input.RemoveFromVersionId !== undefined ? { removeFromVersionId: input.RemoveFromVersionId } : {}),
    now: context.now,
  });
  if (!moved) {
    throw new PipewrightError('InvalidParameterException', `The staging label ${input.VersionStage} can't be moved or removed as asked: check MoveToVersionId and RemoveFromVersionId.`);
  }
  return { ARN: secretArn(context.services.partition, secret), Name: secret.name };
};
