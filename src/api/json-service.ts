import type { RequestContext } from './operations/operation.js';

/**
 * Another AWS service answered on the same endpoint with the JSON 1.1 protocol (`POST /`,
 * `X-Amz-Target: <targetPrefix>.<Operation>`): SSM Parameter Store and Secrets Manager. CodePipeline's
 * own operations stay in `operations/index.ts`, validated against its vendored model; these services
 * check their input in their operations, with AWS's wording.
 */
export interface JsonService {
  /** SigV4's signing name and the prefix of the audit's operation names (`ssm`, `secretsmanager`). */
  signingName: string;
  operations: Partial<Record<string, JsonOperation>>;
  /** Operations that change nothing: answered at once and not audited. */
  reads: ReadonlySet<string>;
}

export type JsonOperation = (input: Record<string, unknown>, context: RequestContext) => Promise<object>;
