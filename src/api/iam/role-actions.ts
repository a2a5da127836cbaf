import type { IamRoleRecord } from '../../core/contracts/store.js';
import { newIamId } from '../../core/identity/access-key-ids.js';
import { roleArn } from '../../core/identity/role-arn.js';
import type { Partition } from '../../core/arn.js';
import { trustPolicyErrors } from '../identity/evaluate-policies.js';
import { namedPage } from './owner-policy-lists.js';
import type { QueryAction, QueryCall } from './iam-context.js';
import { IamError } from './iam-error.js';
import { entityName, iamPath, requiredParam } from './iam-parameters.js';
import { iamDate, type XmlObject } from './query-xml.js';

/**
 * CreateRole, GetRole, ListRoles, DeleteRole, UpdateAssumeRolePolicy (IAM API reference): roles that
 * pipelines, build projects and actions name, and that STS AssumeRole hands out sessions of. Names and
 * limits as IAM's: role names 64 characters, descriptions 1000, MaxSessionDuration 3600 to 43200 seconds.
 */
export const roleNameMax = 64;
const descriptionMax = 1000;
const trustPolicyMax = 2048;
const sessionDuration = { min: 3600, max: 43200, default: 3600 };

export function roleXml(role: IamRoleRecord, at: Partition): XmlObject {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.roleId,
    Arn: roleArn(at.accountId, role.path, role.name),
    CreateDate: iamDate(role.created),
    // IAM returns policy documents URL-encoded (RFC 3986), as its API reference says.
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
  };
}

export async function requireRole(call: QueryCall, name: string): Promise<IamRoleRecord> {
  const role = await call.services.store.getIamRole(name);
  if (role === undefined) throw new IamError('NoSuchEntity', `The role with name ${name} cannot be found.`);
  return role;
}

/** The ARN a call about role `RoleName` is authorized on (the role's own path when it exists). */
export async function roleResource(call: QueryCall): Promise<string> {
  const name = entityName(call.params, 'RoleName', roleNameMax);
  const role = await call.services.store.getIamRole(name);
  return roleArn(call.services.partition.accountId, role?.path ?? '/', name);
}

async function checkedTrustPolicy(call: QueryCall, parameter: string): Promise<string> {
  const text = requiredParam(call.params, parameter);
  if (text.length > trustPolicyMax) throw new IamError('LimitExceeded', `Cannot exceed quota for ACLSizePerRole: ${trustPolicyMax}`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new IamError('MalformedPolicyDocument', 'This policy contains invalid Json');
  }
  const problem = await trustPolicyErrors(document);
  if (problem !== undefined) throw new IamError('MalformedPolicyDocument', problem);
  return JSON.stringify(document);
}

function maxSessionDuration(params: URLSearchParams): number {
  const raw = params.get('MaxSessionDuration');
  if (raw === null) return sessionDuration.default;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < sessionDuration.min || value > sessionDuration.max) {
    throw new IamError('ValidationError', `1 validation error detected: Value '${raw}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between ${sessionDuration.min} and ${sessionDuration.max}`);
  }
  return value;
}

function description(params: URLSearchParams): string | undefined {
  const value = params.get('Description') ?? undefined;
  if (value !== undefined && value.length > descriptionMax) {
    throw new IamError('ValidationError', `1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to ${descriptionMax}`);
  }
  return value;
}

export const createRole: QueryAction = {
  resource: (call) => roleArn(call.services.partition.accountId, iamPath(call.params), entityName(call.params, 'RoleName', roleNameMax)),
  async run(call) {
    const name = entityName(call.params, 'RoleName', roleNameMax);
    const about = description(call.params);
    const role: IamRoleRecord = {
      name,
      roleId: newIamId('AROA'),
      path: iamPath(call.params),
      assumeRolePolicyDocument: await checkedTrustPolicy(call, 'AssumeRolePolicyDocument'),
      ...(about !== undefined ? { description: about } : {}),
      maxSessionDuration: maxSessionDuration(call.params),
      created: call.now,
    };
    if ((await call.services.store.createIamRole(role)) === undefined) throw new IamError('EntityAlreadyExists', `Role with name ${name} already exists.`);
    return { Role: roleXml(role, call.services.partition) };
  },
};

export const getRole: QueryAction = {
  read: true,
  resource: roleResource,
  async run(call) {
    return { Role: roleXml(await requireRole(call, entityName(call.params, 'RoleName', roleNameMax)), call.services.partition) };
  },
};

export const listRoles: QueryAction = {
  read: true,
  resource: () => '*',
  async run(call) {
    const { page, ...paging } = await namedPage(call, (query) => call.services.store.listIamRoles(query));
    return { Roles: page.map((role) => roleXml(role, call.services.partition)), ...paging };
  },
};

export const deleteRole: QueryAction = {
  resource: roleResource,
  async run(call) {
    const name = entityName(call.params, 'RoleName', roleNameMax);
    const outcome = await call.services.store.deleteIamRole(name);
    if (outcome === 'not-found') throw new IamError('NoSuchEntity', `The role with name ${name} cannot be found.`);
    if (outcome === 'conflict') throw new IamError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
    return undefined;
  },
};

export const updateAssumeRolePolicy: QueryAction = {
  resource: roleResource,
  async run(call) {
    const role = await requireRole(call, entityName(call.params, 'RoleName', roleNameMax));
    const document = await checkedTrustPolicy(call, 'PolicyDocument');
    await call.services.store.updateIamRoleTrustPolicy(role.name, document);
    return undefined;
  },
};
