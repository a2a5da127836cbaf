/**
 * Pipewright's own parameter store and secrets store, standing in for SSM Parameter Store and Secrets
 * Manager when a buildspec or an action's EnvironmentVariables refers to them.
 */
export interface SecretResolver {
  /** The value of parameter `name` (e.g. `/app/db/host`), or undefined when there is none. */
  parameter(name: string): Promise<string | undefined>;
  /**
   * The value of secret `secretId`; with `jsonKey`, that key of the secret's JSON value. `versionStage`
   * defaults to AWSCURRENT. Undefined when there is no such secret, key or version.
   */
  secret(secretId: string, options?: { jsonKey?: string; versionStage?: string; versionId?: string }): Promise<string | undefined>;
}

/**
 * The `jsonKey` of a secret's value (SecretResolver.secret), as CodeBuild reads it: a string as it is,
 * any other JSON value as JSON text; undefined when the value is no JSON object or lacks the key.
 */
export function secretJsonKey(value: string, key: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.hasOwn(parsed, key)) return undefined;
  const field: unknown = (parsed as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : JSON.stringify(field);
}
