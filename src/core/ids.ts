import { randomUUID } from 'node:crypto';

/**
 * Identifiers CodePipeline hands out (execution ids, job ids, approval tokens, nonces) are lower-case
 * UUIDs: `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`.
 */
export function newId(): string {
  return randomUUID();
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
