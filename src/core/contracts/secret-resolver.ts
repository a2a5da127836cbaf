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
