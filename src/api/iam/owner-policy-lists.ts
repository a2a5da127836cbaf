import type { PolicyOwner } from '../../core/contracts/store.js';
import type { QueryCall } from './iam-context.js';
import { maxItems } from './iam-parameters.js';
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

/**
 * ListUsers / ListRoles: the page the call asks for (MaxItems, Marker, PathPrefix), read from the store
 * with one more than the page holds so the answer knows whether more follow.
 */
export async function namedPage<T extends { name: string }>(
  call: QueryCall,
  list: (page: { pathPrefix?: string; afterName?: string; limit: number }) => Promise<T[]>,
): Promise<{ page: T[]; IsTruncated: boolean; Marker?: string }> {
  const limit = maxItems(call.params);
  const marker = call.params.get('Marker') ?? undefined;
  const pathPrefix = call.params.get('PathPrefix') ?? undefined;
  const items = await list({ limit: limit + 1, ...(marker !== undefined ? { afterName: marker } : {}), ...(pathPrefix !== undefined ? { pathPrefix } : {}) });
  return markerPage(items, limit);
}
