import type { Partition } from '../core/arn.js';
import { PipewrightError } from '../core/errors/index.js';

/**
 * Who is calling. Every request's identity is established here and nowhere else, and every operation
 * is authorised here, so that verifying SigV4 signatures and enforcing policies later changes this file
 * only. In local mode any SigV4 credentials are accepted and every caller may do everything.
 */
export interface Principal {
  /** The access key id of the SigV4 credential, when the request was signed. */
  accessKeyId?: string;
  /** An IAM-style ARN naming the caller, recorded as `lastChangedBy`, `updatedBy` and in the audit. */
  arn: string;
}

const credentialPattern = /Credential=([^/,\s]+)\//;

export function establishIdentity(headers: Record<string, string | string[] | undefined>, partition: Partition): Principal {
  const authorization = firstHeader(headers.authorization);
  const accessKeyId = authorization === undefined ? undefined : credentialPattern.exec(authorization)?.[1];
  const user = firstHeader(headers['x-pipewright-user']);
  // The console names the person acting (approvals, transitions); signed clients are named by their key.
  const name = user !== undefined && /^[\w+=,.@-]{1,64}$/.test(user) ? user : (accessKeyId ?? 'anonymous');
  return {
    ...(accessKeyId !== undefined ? { accessKeyId } : {}),
    arn: `arn:aws:iam::${partition.accountId}:user/${name}`,
  };
}

export type Authorization = 'local-mode-allows-all';

/** Throws when `principal` may not call `operation`. Local mode allows every call. */
export function authorize(principal: Principal, operation: string): Authorization {
  if (principal.arn === '') throw new PipewrightError('ValidationException', `No identity for ${operation}.`);
  return 'local-mode-allows-all';
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
