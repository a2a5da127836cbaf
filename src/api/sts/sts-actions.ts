import type { QueryAction } from '../iam/iam-context.js';

/**
 * STS (query protocol, Version=2011-06-15): GetCallerIdentity, which needs no permission (AWS: "No
 * permissions are required to perform this operation"), so that anyone signed can learn who they are.
 */
export const stsActions: Partial<Record<string, QueryAction>> = {
  GetCallerIdentity: {
    read: true,
    resource: () => '*',
    run: (call) => Promise.resolve({ Arn: call.principal.arn, UserId: call.principal.userId, Account: call.services.partition.accountId }),
  },
};
