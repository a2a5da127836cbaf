/**
 * Pipewright's own parameter store and secrets store: what SSM Parameter Store and Secrets Manager are to
 * CodeBuild, so buildspecs (`parameter-store`, `secrets-manager`) and action environment variables
 * (PARAMETER_STORE, SECRETS_MANAGER) resolve without AWS. Times are epoch milliseconds.
 */
export interface ParameterOperations {
  /**
   * Creates the parameter at version 1, or with `overwrite` replaces its value as the next version.
   * Undefined, writing nothing, when it exists and `overwrite` is false.
   */
  putParameter(input: PutParameterInput): Promise<ParameterRecord | undefined>;
  getParameter(name: string): Promise<ParameterRecord | undefined>;
  /** One version of a parameter (SSM's `name:version` selector), while the parameter keeps it. */
  getParameterVersion(name: string, version: number): Promise<ParameterRecord | undefined>;
  /** The versions a parameter keeps (the last 100), oldest first; empty when there is no such parameter. */
  getParameterHistory(name: string): Promise<ParameterRecord[]>;
  /** Parameters ordered by name, starting after `afterName`; with `path`, only those under it (`/a/b` holds `/a/b/c`). */
  listParameters(page: { path?: string; recursive?: boolean; afterName?: string; limit: number }): Promise<ParameterRecord[]>;
  /** Deletes the parameter with its history; false when there was none. */
  deleteParameter(name: string): Promise<boolean>;
}

export const parameterTypes = ['String', 'StringList', 'SecureString'] as const;
export type ParameterType = (typeof parameterTypes)[number];

export interface PutParameterInput {
  name: string;
  value: string;
  type: ParameterType;
  description?: string;
  overwrite: boolean;
  /** Who writes it (an IAM-style ARN), SSM's LastModifiedUser. */
  modifiedBy?: string;
  now: number;
}

export interface ParameterRecord {
  name: string;
  type: ParameterType;
  value: string;
  description?: string;
  version: number;
  lastModified: number;
  modifiedBy?: string;
}

/**
 * Secrets with versions and staging labels, as Secrets Manager keeps them: every version has an id and
 * holds a value; a label (AWSCURRENT, AWSPREVIOUS, or one of the caller's) is on at most one version of a
 * secret. Moving AWSCURRENT moves AWSPREVIOUS to the version that was current.
 */
export interface SecretOperations {
  /**
   * Creates the secret with a first version labelled AWSCURRENT (none when `secretString` is not given,
   * as Secrets Manager allows); undefined, writing nothing, when the name is taken.
   */
  createSecret(input: CreateSecretInput): Promise<SecretRecord | undefined>;
  /** Adds a version (labelled AWSCURRENT unless `versionStages` says otherwise), moving the labels to it. */
  putSecretValue(input: PutSecretValueInput): Promise<PutSecretValueResult>;
  /** The version labelled `versionStage` (AWSCURRENT by default), or the version `versionId`. */
  getSecretValue(name: string, select?: { versionId?: string; versionStage?: string }): Promise<SecretValueRecord | undefined>;
  /** The secret with its versions (newest first) and their labels. */
  describeSecret(name: string): Promise<SecretRecord | undefined>;
  /** Secrets ordered by name, starting after `afterName`, without their versions. */
  listSecrets(page: { afterName?: string; limit: number }): Promise<SecretSummaryRecord[]>;
  /**
   * Moves label `stage` to version `moveToVersionId`, or removes it from `removeFromVersionId`, or both.
   * False when the secret, a version, or the label on `removeFromVersionId` is not there.
   */
  updateSecretVersionStage(input: { name: string; stage: string; moveToVersionId?: string; removeFromVersionId?: string; now: number }): Promise<boolean>;
  /** Replaces the description; false when there is no such secret. */
  updateSecretDescription(input: { name: string; description: string; now: number }): Promise<boolean>;
  /** Deletes the secret with all its versions at once; false when there was none. */
  deleteSecret(name: string): Promise<boolean>;
}

export interface CreateSecretInput {
  name: string;
  description?: string;
  secretString?: string;
  versionId: string;
  now: number;
}

export interface PutSecretValueInput {
  name: string;
  secretString: string;
  versionId: string;
  /** Defaults to ['AWSCURRENT']. */
  versionStages?: string[];
  now: number;
}

export type PutSecretValueResult =
  | { status: 'stored'; version: SecretVersionRecord }
  /** The same version id with the same value again: nothing changes (Secrets Manager's idempotency). */
  | { status: 'unchanged'; version: SecretVersionRecord }
  /** The version id exists with a different value. */
  | { status: 'version-conflict' }
  | { status: 'no-secret' };

export interface SecretSummaryRecord {
  name: string;
  description?: string;
  created: number;
  lastChanged: number;
}

export interface SecretRecord extends SecretSummaryRecord {
  versions: SecretVersionRecord[];
}

export interface SecretVersionRecord {
  versionId: string;
  stages: string[];
  created: number;
}

export interface SecretValueRecord extends SecretVersionRecord {
  name: string;
  secretString: string;
}
