import { PipewrightError } from '../../core/errors/index.js';
import type { JsonOperation } from '../json-service.js';
import { checkMembers } from '../protocol/check-members.js';
import { requireSecret, secretArn } from './secret-arn.js';

/** Secrets Manager GetSecretValue: the AWSCURRENT version, or the one a VersionId or VersionStage names. */
export const getSecretValue: JsonOperation = async (body, context) => {
  const input = checkMembers<{ SecretId: string; VersionId?: string; VersionStage?: string }>(body, {
    SecretId: { type: 'string', required: true, min: 1, max: 2048 },
    VersionId: { type: 'string', min: 32, max: 64 },
    VersionStage: { type: 'string', min: 1, max: 256 },
  });
  const secret = await requireSecret(input.SecretId, context);
  const value = await context.services.store.getSecretValue(secret.name, {
    ...(input.VersionId !== undefined ? { versionId: input.VersionId } : {}),
    ...(input.VersionStage !== undefined ? { versionStage: input.VersionStage } : {}),
  });
  if (value === undefined) {
    const what = input.VersionId !== undefined ? `VersionId: ${input.VersionId}` : `staging label: ${input.VersionStage ?? 'AWSCURRENT'}`;
    throw new PipewrightError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for ${what}`);
  }
  return {
    ARN: secretArn(context.services.partition, secret),
    Name: secret.name,
    VersionId: value.versionId,
    SecretString: value.secretString,
    VersionStages: value.stages,
    CreatedDate: value.created / 1000,
  };
};
