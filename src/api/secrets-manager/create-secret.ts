import { PipewrightError } from '../../core/errors/index.js';
import type { JsonOperation } from '../json-service.js';
import { checkMembers } from '../protocol/check-members.js';
import { secretArn } from './secret-arn.js';
import { secretStringOf, valueMembers, versionIdOf } from './secret-values.js';

interface CreateSecretInput {
  Name: string;
  Description?: string;
  ClientRequestToken?: string;
  SecretString?: string;
  SecretBinary?: string;
}

/** Secrets Manager CreateSecret: a secret, with a first version labelled AWSCURRENT when a value is given. */
export const createSecret: JsonOperation = async (body, context) => {
  const input = checkMembers<CreateSecretInput>(body, {
    Name: { type: 'string', required: true, min: 1, max: 512 },
    Description: { type: 'string', max: 2048 },
    KmsKeyId: { type: 'string', max: 2048 },
    Tags: { type: 'objects' },
    ...valueMembers,
  });
  const secretString = secretStringOf(input);
  const versionId = versionIdOf(input);
  const created = await context.services.store.createSecret({
    name: input.Name,
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    ...(secretString !== undefined ? { secretString } : {}),
    versionId,
    now: context.now,
  });
  if (created === undefined) throw new PipewrightError('ResourceExistsException', `The operation failed because the secret ${input.Name} already exists.`);
  return {
    ARN: secretArn(context.services.partition, created),
    Name: created.name,
    ...(secretString !== undefined ? { VersionId: versionId } : {}),
  };
};
