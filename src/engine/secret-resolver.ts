import { secretJsonKey, type SecretResolver } from '../core/contracts/secret-resolver.js';
import type { ParameterOperations, SecretOperations } from '../core/contracts/store.js';

/**
 * The SecretResolver over Pipewright's store: parameters by name, secrets by name or by a Secrets
 * Manager ARN (`arn:aws:secretsmanager:<region>:<account>:secret:<name>`, with or without the six
 * characters AWS appends to a secret's name), a version by label or id, and a key of a JSON value.
 */
export class StoreSecretResolver implements SecretResolver {
  constructor(private readonly store: Pick<ParameterOperations, 'getParameter'> & Pick<SecretOperations, 'getSecretValue'>) {}

  async parameter(name: string): Promise<string | undefined> {
    return (await this.store.getParameter(name))?.value;
  }

  async secret(secretId: string, options: { jsonKey?: string; versionStage?: string; versionId?: string } = {}): Promise<string | undefined> {
    const select = {
      ...(options.versionId !== undefined ? { versionId: options.versionId } : {}),
      ...(options.versionStage !== undefined ? { versionStage: options.versionStage } : {}),
    };
    let value: string | undefined;
    for (const name of candidateNames(secretId)) {
      value = (await this.store.getSecretValue(name, select))?.secretString;
      if (value !== undefined) break;
    }
    if (value === undefined || options.jsonKey === undefined) return value;
    return secretJsonKey(value, options.jsonKey);
  }
}

const arnPattern = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/;
const awsSuffix = /-[A-Za-z0-9]{6}$/;

function candidateNames(secretId: string): string[] {
  const name = arnPattern.exec(secretId)?.[1];
  if (name === undefined) return [secretId];
  return awsSuffix.test(name) ? [name, name.replace(awsSuffix, '')] : [name];
}
