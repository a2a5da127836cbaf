import { apiJson } from '../../client/api-fetch.js';
import { ServerRefusedError } from '../../client/client-errors.js';
import type { Connection } from '../../client/connection.js';
import { secretJsonKey, type SecretResolver } from '../../core/contracts/secret-resolver.js';

/**
 * Parameters and secrets of a remote worker's jobs, read from the server's own Parameter Store and
 * Secrets Manager (the JSON 1.1 APIs on its endpoint) with the worker's credentials: the worker's
 * identity needs ssm:GetParameter and secretsmanager:GetSecretValue for the names its builds refer to.
 */
export class RemoteSecretResolver implements SecretResolver {
  constructor(private readonly connection: Connection) {}

  async parameter(name: string): Promise<string | undefined> {
    const answer = await this.call<{ Parameter?: { Value?: string } }>('AmazonSSM.GetParameter', { Name: name, WithDecryption: true }, 'ParameterNotFound');
    return answer?.Parameter?.Value;
  }

  async secret(secretId: string, options: { jsonKey?: string; versionStage?: string; versionId?: string } = {}): Promise<string | undefined> {
    const answer = await this.call<{ SecretString?: string }>(
      'secretsmanager.GetSecretValue',
      { SecretId: secretId, ...(options.versionStage !== undefined ? { VersionStage: options.versionStage } : {}), ...(options.versionId !== undefined ? { VersionId: options.versionId } : {}) },
      'ResourceNotFoundException',
    );
    const value = answer?.SecretString;
    if (value === undefined || options.jsonKey === undefined) return value;
    return secretJsonKey(value, options.jsonKey);
  }

  /** One call; the exception that means "no such name" is undefined, as the in-process resolver answers. */
  private async call<Output>(target: string, input: object, missing: string): Promise<Output | undefined> {
    try {
      return await apiJson<Output>(this.connection, '/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body: JSON.stringify(input),
      });
    } catch (error) {
      if (error instanceof ServerRefusedError && error.exceptionName === missing) return undefined;
      throw error;
    }
  }
}
