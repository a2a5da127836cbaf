import type { AccessKeyRecord, AccessKeyStatus } from '../../core/contracts/store.js';
import { accessKeyStatuses } from '../../core/contracts/store/identity.js';
import { newIamId, newSecretAccessKey } from '../../core/identity/access-key-ids.js';
import type { QueryAction, QueryCall } from './iam-context.js';
import { IamError } from './iam-error.js';
import { optionalEntityName, requiredParam } from './iam-parameters.js';
import { iamDate } from './query-xml.js';
import { requireUser, userNameMax, userResource } from './user-actions.js';

/**
 * CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey. Without UserName they act on the
 * caller's own keys (the root's, for the root), as IAM does. The secret is returned once, by
 * CreateAccessKey, and stored only sealed.
 */
const keysPerUser = 2;

/** Whose keys: the named user, else the caller (null: the account's root). */
async function keyOwner(call: QueryCall): Promise<string | null> {
  const named = optionalEntityName(call.params, 'UserName', userNameMax);
  if (named !== undefined) return (await requireUser(call, named)).name;
  return call.principal.userName ?? null;
}

const ownerResource = (call: QueryCall): Promise<string> => userResource(call, optionalEntityName(call.params, 'UserName', userNameMax));

async function requireKeyOf(call: QueryCall, owner: string | null): Promise<AccessKeyRecord> {
  const id = requiredParam(call.params, 'AccessKeyId');
  const key = await call.services.store.getAccessKey(id);
  if (key === undefined || key.userName !== owner) throw new IamError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`);
  return key;
}

export const createAccessKey: QueryAction = {
  resource: ownerResource,
  async run(call) {
    const owner = await keyOwner(call);
    const existing = await call.services.store.listAccessKeys(owner);
    if (existing.length >= keysPerUser) throw new IamError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${keysPerUser}`);
    const accessKeyId = newIamId('AKIA');
    const secret = newSecretAccessKey();
    await call.services.store.createAccessKey({ accessKeyId, userName: owner, sealedSecret: call.services.identity.sealer.seal(secret), status: 'Active', created: call.now });
    return {
      AccessKey: { ...(owner !== null ? { UserName: owner } : {}), AccessKeyId: accessKeyId, Status: 'Active', SecretAccessKey: secret, CreateDate: iamDate(call.now) },
    };
  },
};

export const listAccessKeys: QueryAction = {
  read: true,
  resource: ownerResource,
  async run(call) {
    const owner = await keyOwner(call);
    const keys = await call.services.store.listAccessKeys(owner);
    return {
      ...(owner !== null ? { UserName: owner } : {}),
      AccessKeyMetadata: keys.map((key) => ({ ...(owner !== null ? { UserName: owner } : {}), AccessKeyId: key.accessKeyId, Status: key.status, CreateDate: iamDate(key.created) })),
      IsTruncated: false,
    };
  },
};

export const updateAccessKey: QueryAction = {
  resource: ownerResource,
  async run(call) {
    const status = requiredParam(call.params, 'Status');
    if (!(accessKeyStatuses as readonly string[]).includes(status)) {
      throw new IamError('ValidationError', `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
    }
    const key = await requireKeyOf(call, await keyOwner(call));
    await call.services.store.updateAccessKeyStatus(key.accessKeyId, status as AccessKeyStatus);
    return undefined;
  },
};

export const deleteAccessKey: QueryAction = {
  resource: ownerResource,
  async run(call) {
    const key = await requireKeyOf(call, await keyOwner(call));
    await call.services.store.deleteAccessKey(key.accessKeyId);
    return undefined;
  },
};
