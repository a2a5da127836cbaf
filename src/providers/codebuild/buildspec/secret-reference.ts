/**
 * A Secrets Manager reference as buildspecs and build projects write it:
 * `secret-id:json-key:version-stage:version-id`, everything after the id optional (empty means the
 * default: the whole value, AWSCURRENT). The id may be an ARN, which has colons of its own.
 */
export interface SecretReference {
  secretId: string;
  jsonKey?: string;
  versionStage?: string;
  versionId?: string;
}

export function parseSecretReference(reference: string): SecretReference {
  const parts = reference.split(':');
  // arn:partition:secretsmanager:region:account:secret:name — seven parts make the id.
  const idParts = reference.startsWith('arn:') ? 7 : 1;
  const secretId = parts.slice(0, idParts).join(':');
  const [jsonKey, versionStage, versionId] = parts.slice(idParts);
  return {
    secretId,
    ...(jsonKey !== undefined && jsonKey !== '' ? { jsonKey } : {}),
    ...(versionStage !== undefined && versionStage !== '' ? { versionStage } : {}),
    ...(versionId !== undefined && versionId !== '' ? { versionId } : {}),
  };
}
