import type { QueryAction } from '../iam/iam-context.js';
import { assumeRole } from './assume-role.js';

/**
 * STS (query protocol, Version=2011-06-15): GetCallerIdentity, which needs no permission (AWS: "No
 * permissions are required to perform this operation"), so that anyone signed can learn who they are;
 * AssumeRole (assume-role.ts).
 */
export const stsActions: Partial<Record<string, QueryAction>> = {
  AssumeRole: assumeRole,
  GetCallerIdentity: {
    read: true,
    authorizesItself: true,
    resource: () => '*',
    run: (call) => Promise.resolve({ Arn: call.principal.arn, UserId: call.principal.userId, Account: call.services.partition.accountId }),
  },
};
