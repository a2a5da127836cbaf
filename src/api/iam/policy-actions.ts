import type { PolicyOwner } from '../../core/contracts/store.js';
import { awsManagedPolicy } from '../../core/identity/aws-managed-policies.js';
import { policyDocumentErrors } from '../identity/evaluate-policies.js';
import { iamGroupArn } from './iam-arns.js';
import { attachedPolicies, inlinePolicyNames } from './owner-policy-lists.js';
import type { QueryAction, QueryCall } from './iam-context.js';
import { IamError } from './iam-error.js';
import { entityName, requiredParam } from './iam-parameters.js';
import { requireUser, userNameMax, userResource } from './user-actions.js';

/**
 * Inline policies (Put/Get/DeleteUserPolicy, PutGroupPolicy) and attached managed policies
 * (Attach/DetachUserPolicy, AttachGroupPolicy). Documents are checked by the same simulator that
 * evaluates them; managed policies are AWS's own, by ARN (core/identity/aws-managed-policies.ts).
 */
export const policyNameMax = 128;
const groupNameMax = 128;
const documentMax = 2048 * 5;

async function userOwner(call: QueryCall): Promise<PolicyOwner> {
  return { kind: 'user', name: (await requireUser(call, entityName(call.params, 'UserName', userNameMax))).name };
}

async function groupOwner(call: QueryCall): Promise<PolicyOwner> {
  const name = entityName(call.params, 'GroupName', groupNameMax);
  if ((await call.services.store.getIamGroup(name)) === undefined) throw new IamError('NoSuchEntity', `The group with name ${name} cannot be found.`);
  return { kind: 'group', name };
}

export async function groupResource(call: QueryCall): Promise<string> {
  const name = entityName(call.params, 'GroupName', groupNameMax);
  const group = await call.services.store.getIamGroup(name);
  return iamGroupArn(call.services.partition, group?.path ?? '/', name);
}

const userNamed = (call: QueryCall): Promise<string> => userResource(call, entityName(call.params, 'UserName', userNameMax));

async function checkedDocument(call: QueryCall): Promise<string> {
  const text = requiredParam(call.params, 'PolicyDocument');
  if (text.length > documentMax) throw new IamError('LimitExceeded', `Maximum policy size of ${documentMax} bytes exceeded for ${call.params.has('RoleName') ? 'role' : 'user'} ${call.params.get('UserName') ?? call.params.get('GroupName') ?? call.params.get('RoleName') ?? ''}`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new IamError('MalformedPolicyDocument', 'Syntax errors in policy.');
  }
  const problem = await policyDocumentErrors(document);
  if (problem !== undefined) throw new IamError('MalformedPolicyDocument', problem);
  return JSON.stringify(document);
}

export function putInline(owner: (call: QueryCall) => Promise<PolicyOwner>): QueryAction['run'] {
  return async (call) => {
    const policyName = entityName(call.params, 'PolicyName', policyNameMax);
    const document = await checkedDocument(call);
    await call.services.store.putInlinePolicy({ owner: await owner(call), policyName, document });
    return undefined;
  };
}

export function attach(owner: (call: QueryCall) => Promise<PolicyOwner>): QueryAction['run'] {
  return async (call) => {
    const arn = requiredParam(call.params, 'PolicyArn');
    const target = await owner(call);
    if (awsManagedPolicy(arn) === undefined) throw new IamError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
    await call.services.store.attachPolicy(target, arn);
    return undefined;
  };
}

export const putUserPolicy: QueryAction = { resource: userNamed, run: putInline(userOwner) };
export const putGroupPolicy: QueryAction = { resource: groupResource, run: putInline(groupOwner) };
export const attachUserPolicy: QueryAction = { resource: userNamed, run: attach(userOwner) };
export const attachGroupPolicy: QueryAction = { resource: groupResource, run: attach(groupOwner) };

export const getUserPolicy: QueryAction = {
  read: true,
  resource: userNamed,
  async run(call) {
    const owner = await userOwner(call);
    const policyName = entityName(call.params, 'PolicyName', policyNameMax);
    const policy = await call.services.store.getInlinePolicy(owner, policyName);
    if (policy === undefined) throw new IamError('NoSuchEntity', `The user policy with name ${policyName} cannot be found.`);
    // IAM returns policy documents URL-encoded (RFC 3986), as its API reference says.
    return { UserName: owner.name, PolicyName: policyName, PolicyDocument: encodeURIComponent(policy.document) };
  },
};

export const deleteUserPolicy: QueryAction = {
  resource: userNamed,
  async run(call) {
    const owner = await userOwner(call);
    const policyName = entityName(call.params, 'PolicyName', policyNameMax);
    if (!(await call.services.store.deleteInlinePolicy(owner, policyName))) throw new IamError('NoSuchEntity', `The user policy with name ${policyName} cannot be found.`);
    return undefined;
  },
};

export const detachUserPolicy: QueryAction = {
  resource: userNamed,
  async run(call) {
    const owner = await userOwner(call);
    const arn = requiredParam(call.params, 'PolicyArn');
    if (!(await call.services.store.detachPolicy(owner, arn))) throw new IamError('NoSuchEntity', `Policy ${arn} was not found.`);
    return undefined;
  },
};

/** ListUserPolicies, ListAttachedUserPolicies: what Terraform and the CLI read back after attaching. */
export const listUserPolicies: QueryAction = {
  read: true,
  resource: userNamed,
  async run(call) {
    return inlinePolicyNames(call, await userOwner(call));
  },
};

export const listAttachedUserPolicies: QueryAction = {
  read: true,
  resource: userNamed,
  async run(call) {
    return attachedPolicies(call, await userOwner(call));
  },
};

/** DeleteGroupPolicy, DetachGroupPolicy. */
export const deleteGroupPolicy: QueryAction = {
  resource: groupResource,
  async run(call) {
    const owner = await groupOwner(call);
    const policyName = entityName(call.params, 'PolicyName', policyNameMax);
    if (!(await call.services.store.deleteInlinePolicy(owner, policyName))) throw new IamError('NoSuchEntity', `The group policy with name ${policyName} cannot be found.`);
    return undefined;
  },
};

export const detachGroupPolicy: QueryAction = {
  resource: groupResource,
  async run(call) {
    const owner = await groupOwner(call);
    const arn = requiredParam(call.params, 'PolicyArn');
    if (!(await call.services.store.detachPolicy(owner, arn))) throw new IamError('NoSuchEntity', `Policy ${arn} was not found.`);
    return undefined;
  },
};
