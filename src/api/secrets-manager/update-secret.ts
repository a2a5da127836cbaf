import { PipewrightError } from '../../core/errors/index.js';
import type { JsonOperation } from '../json-service.js';
import { checkMembers } from '../protocol/check-members.js';
import { noSuchSecret, requireSecret, secretArn } from './secret-arn.js';
import { secretStringOf, valueMembers, versionIdOf } from './secret-values.js';

interface UpdateSecretInput {
  SecretId: string;
  Description?: string;
  ClientRequestToken?: string;
  SecretString?: string;
  SecretBinary?: string;
}

/** Secrets Manager UpdateSecret: a new description, and with a value a new AWSCURRENT version. */
export const updateSecret: JsonOperation = async (body, context) => {
  const input = checkMembers<UpdateSecretInput>(body, {
    SecretId: { type: 'string', required: true, min: 1, max: 2048 },
    Description: { type: 'string', max: 2048 },
    KmsKeyId: { type: 'string', max: 2048 },
    ...valueMembers,
  });
  const secret = await requireSecret(input.SecretId, context);
  const secretString = secretStringOf(input);
  const store = context.services.store;
  let versionId: string | undefined;
  await store.transaction(async (tx) => {
    if (input.Description !== undefined && !(await tx.updateSecretDescription({ name: secret.name, description: input.Description, now: context.now }))) throw noSuchSecret();
    if (secretString === undefined) return;
    const result = await tx.putSecretValue({ name: secret.name, secretString, versionId: versionIdOf(input), now: context.now });
    if (result.status === 'no-secret') throw noSuchSecret();
    if (result.status === 'version-conflict') throw new PipewrightError('ResourceExistsException', "You can't modify an existing version, you can only create a new version.");
    versionId = result.version.versionId;
  });
  return { ARN: secretArn(context.services.partition, secret), Name: secret.name, ...(versionId !== undefined ? { VersionId: versionId } : {}) };
};
