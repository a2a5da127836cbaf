import type { Partition } from '../../core/arn.js';
import type { SecretRecord } from '../../core/contracts/store.js';
import { secretArn } from './secret-arn.js';

/**
 * A secret's metadata as DescribeSecret and ListSecrets give it. Only versions with a label are listed:
 * Secrets Manager counts the others as deprecated and leaves them out.
 */
export function presentSecret(at: Partition, secret: SecretRecord, versionsKey: 'VersionIdsToStages' | 'SecretVersionsToStages'): object {
  const labelled = secret.versions.filter((version) => version.stages.length > 0);
  return {
    ARN: secretArn(at, secret),
    Name: secret.name,
    ...(secret.description !== undefined ? { Description: secret.description } : {}),
    LastChangedDate: secret.lastChanged / 1000,
    CreatedDate: secret.created / 1000,
    ...(labelled.length > 0 ? { [versionsKey]: Object.fromEntries(labelled.map((version) => [version.versionId, version.stages])) } : {}),
  };
}
