import { createHmac, randomBytes } from 'node:crypto';
import type { Partition } from '../../core/arn.js';
import type { ParameterRecord } from '../../core/contracts/store.js';

export function parameterArn(at: Partition, name: string): string {
  return `arn:aws:ssm:${at.region}:${at.accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

// A SecureString read without WithDecryption answers ciphertext on AWS, never the value. Ours is an
// opaque stand-in keyed by this process, derived from the name and version only (never the value), so
// it says nothing about the secret and is stable for one version while the server runs.
const standInKey = randomBytes(32);

function shownValue(parameter: ParameterRecord, decrypt: boolean): string {
  if (parameter.type !== 'SecureString' || decrypt) return parameter.value;
  return createHmac('sha256', standInKey).update(`${parameter.name}\0${parameter.version}`).digest('base64');
}

const seconds = (ms: number): number => ms / 1000;

/** SSM's Parameter shape (GetParameter, GetParameters, GetParametersByPath). */
export function presentParameter(at: Partition, parameter: ParameterRecord, options: { decrypt: boolean; selector?: string }): object {
  return {
    Name: parameter.name,
    Type: parameter.type,
    Value: shownValue(parameter, options.decrypt),
    Version: parameter.version,
    ...(options.selector !== undefined ? { Selector: options.selector } : {}),
    LastModifiedDate: seconds(parameter.lastModified),
    ARN: parameterArn(at, parameter.name),
    DataType: 'text',
  };
}

/** The tier a value needs: Standard holds up to 4 KB, Advanced up to 8 KB. */
export function tierOf(value: string): 'Standard' | 'Advanced' {
  return Buffer.byteLength(value, 'utf8') <= 4096 ? 'Standard' : 'Advanced';
}

/** SSM's ParameterMetadata shape (DescribeParameters). */
export function presentParameterMetadata(at: Partition, parameter: ParameterRecord): object {
  return {
    Name: parameter.name,
    ARN: parameterArn(at, parameter.name),
    Type: parameter.type,
    ...(parameter.type === 'SecureString' ? { KeyId: 'alias/aws/ssm' } : {}),
    LastModifiedDate: seconds(parameter.lastModified),
    ...(parameter.modifiedBy !== undefined ? { LastModifiedUser: parameter.modifiedBy } : {}),
    ...(parameter.description !== undefined ? { Description: parameter.description } : {}),
    Version: parameter.version,
    Tier: tierOf(parameter.value),
    Policies: [],
    DataType: 'text',
  };
}

/** SSM's ParameterHistory shape (GetParameterHistory). */
export function presentParameterHistory(parameter: ParameterRecord, decrypt: boolean): object {
  return {
    Name: parameter.name,
    Type: parameter.type,
    ...(parameter.type === 'SecureString' ? { KeyId: 'alias/aws/ssm' } : {}),
    LastModifiedDate: seconds(parameter.lastModified),
    ...(parameter.modifiedBy !== undefined ? { LastModifiedUser: parameter.modifiedBy } : {}),
    ...(parameter.description !== undefined ? { Description: parameter.description } : {}),
    Value: shownValue(parameter, decrypt),
    Version: parameter.version,
    Labels: [],
    Tier: tierOf(parameter.value),
    Policies: [],
    DataType: 'text',
  };
}
