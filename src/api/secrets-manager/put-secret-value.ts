import { PipewrightError } from '../../core/errors/index.js';
import type { JsonOperation } from '../json-service.js';
import { checkMembers } from '../protocol/check-members.js';
import { noSuchSecret, requireSecret, secretArn } from './secret-arn.js';
import { secretStringOf, valueMembers, versionIdOf } from './secret-values.js';

interface PutSecretValueInput {
  SecretId: string;
  ClientRequestToken?: string;
  SecretString?: string;
  SecretBinary?: string;
  VersionStages?: string[];
}

/**
 * Secrets Manager PutSecretValue: a new version, labelled AWSCURRENT unless VersionStages says otherwise
 * (the version that was current becomes AWSPREVIOUS). The same token with the same value changes nothing.
 */
export const putSecretValue: JsonOperation = async (body, context) => {
  const input = checkMembers<PutSecretValueInput>(body, {
    SecretId: { type: 'string', required: true, min: 1, max: 2048 },
    VersionStages: { type: 'strings', min: 1, max: 20 },
    ...valueMembers,
  });
  const secret = await requireSecret(input.SecretId, context);
  const secretString = secretStringOf(input);
  if (secretString === undefined) throw new PipewrightError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.');
  const result = await context.services.store.putSecretValue({
    name: secret.name,
    secretString,
    versionId: versionIdOf(input),
    ...(input.VersionStages !== undefined ? { versionStages: input.VersionStages } : {}),
    now: context.now,
  });
  if (result.status === 'no-secret') throw noSuchSecret();
  if (result.status === 'version-conflict') throw new PipewrightError('ResourceExistsException', "You can't modify an existing version, you can only create a new version.");
  return { ARN: secretArn(context.services.partition, secret), Name: secret.name, VersionId: result.version.versionId, VersionStages: result.version.stages };
};
