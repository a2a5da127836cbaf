import { IamError } from './iam-error.js';

/**
 * Reading IAM's parameters with IAM's constraints (IAM API reference, Data Types): names `[\w+=,.@-]+`
 * (users 64, groups and policies 128 characters), paths `/` or `/…/`, and its ValidationError wording.
 */
const namePattern = /^[\w+=,.@-]+$/;

export function requiredParam(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') {
    throw new IamError('ValidationError', `1 validation error detected: Value null at '${camel(name)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

export function entityName(params: URLSearchParams, name: string, maxLength: number): string {
  const value = requiredParam(params, name);
  if (value.length > maxLength) {
    throw new IamError('ValidationError', `1 validation error detected: Value '${value.slice(0, 64)}' at '${camel(name)}' failed to satisfy constraint: Member must have length less than or equal to ${maxLength}`);
  }
  if (!namePattern.test(value)) {
    throw new IamError('ValidationError', `1 validation error detected: Value '${value}' at '${camel(name)}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
  }
  return value;
}

export function optionalEntityName(params: URLSearchParams, name: string, maxLength: number): string | undefined {
  return params.get(name) === null ? undefined : entityName(params, name, maxLength);
}

export function iamPath(params: URLSearchParams, name = 'Path'): string {
  const value = params.get(name) ?? '/';
  if (value.length > 512 || !/^(\/|\/[\u0021-\u007E]+\/)$/.test(value)) {
    throw new IamError('ValidationError', `1 validation error detected: Value '${value.slice(0, 64)}' at '${camel(name)}' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)`);
  }
  return value;
}

export function maxItems(params: URLSearchParams): number {
  const raw = params.get('MaxItems');
  if (raw === null) return 100;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw new IamError('ValidationError', `1 validation error detected: Value '${raw}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`);
  }
  return value;
}

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
