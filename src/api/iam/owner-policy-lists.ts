import type { PolicyOwner } from '../../core/contracts/store.js';
import type { QueryCall } from './iam-context.js';
import type { XmlObject } from './query-xml.js';

/** ListUserPolicies / ListRolePolicies: an owner's inline policy names, in one page. */
export async function inlinePolicyNames(call: QueryCall, owner: PolicyOwner): Promise<XmlObject> {
  return { PolicyNames: (await call.services.store.listInlinePolicies(owner)).map((policy) => policy.policyName), IsTruncated: false };
}

/** ListAttachedUserPolicies / ListAttachedRolePolicies: an owner's managed policies, in one page. */
export async function attachedPolicies(call: QueryCall, owner: PolicyOwner): Promise<XmlObject> {
  const arns = await call.services.store.listAttachedPolicies(owner);
  return { AttachedPolicies: arns.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn })), IsTruncated: false };
}

/** A page of names listed with IAM's Marker/MaxItems paging: `items` holds one more than `limit` when more follow. */
export function markerPage<T extends { name: string }>(items: readonly T[], limit: number): { page: T[]; IsTruncated: boolean; Marker?: string } {
  const page = items.slice(0, limit);
  const truncated = items.length > limit;
  return { page, IsTruncated: truncated, ...(truncated ? { Marker: page[page.length - 1]?.name } : {}) };
}
