import type { PolicyOwner } from '../../core/contracts/store.js';
import { attachedPolicies, inlinePolicyNames } from './owner-policy-lists.js';
import type { QueryAction, QueryCall } from './iam-context.js';
import { IamError } from './iam-error.js';
import { entityName, requiredParam } from './iam-parameters.js';
import { attach, policyNameMax, putInline } from './policy-actions.js';
import { requireRole, roleNameMax, roleResource } from './role-actions.js';

/**
 * A role's permissions policies: inline (Put/Get/Delete/ListRolePolicies) and AWS managed policies
 * attached by ARN (Attach/Detach/ListAttachedRolePolicies), as for users, checked by the same simulator.
 */
async function roleOwner(call: QueryCall): Promise<PolicyOwner> {
  return { kind: 'role', name: (await requireRole(call, entityName(call.params, 'RoleName', roleNameMax))).name };
}

export const putRolePolicy: QueryAction = { resource: roleResource, run: putInline(roleOwner) };
export const attachRolePolicy: QueryAction = { resource: roleResource, run: attach(roleOwner) };

export const getRolePolicy: QueryAction = {
  read: true,
  resource: roleResource,
  async run(call) {
    const owner = await roleOwner(call);
    const policyName = entityName(call.params, 'PolicyName', policyNameMax);
    const policy = await call.services.store.getInlinePolicy(owner, policyName);
    if (policy === undefined) throw new IamError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
    return { RoleName: owner.name, PolicyName: policyName, PolicyDocument: encodeURIComponent(policy.document) };
  },
};

export const deleteRolePolicy: QueryAction = {
  resource: roleResource,
  async run(call) {
    const owner = await roleOwner(call);
    const policyName = entityName(call.params, 'PolicyName', policyNameMax);
    if (!(await call.services.store.deleteInlinePolicy(owner, policyName))) throw new IamError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
    return undefined;
  },
};

export const listRolePolicies: QueryAction = {
  read: true,
  resource: roleResource,
  async run(call) {
    return inlinePolicyNames(call, await roleOwner(call));
  },
};

export const detachRolePolicy: QueryAction = {
  resource: roleResource,
  async run(call) {
    const owner = await roleOwner(call);
    const arn = requiredParam(call.params, 'PolicyArn');
    if (!(await call.services.store.detachPolicy(owner, arn))) throw new IamError('NoSuchEntity', `Policy ${arn} was not found.`);
    return undefined;
  },
};

export const listAttachedRolePolicies: QueryAction = {
  read: true,
  resource: roleResource,
  async run(call) {
    return attachedPolicies(call, await roleOwner(call));
  },
};
