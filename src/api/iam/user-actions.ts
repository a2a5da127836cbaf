import type { IamUserRecord } from '../../core/contracts/store.js';
import { newIamId } from '../../core/identity/access-key-ids.js';
import type { Partition } from '../../core/arn.js';
import { iamUserArn } from './iam-arns.js';
import { namedPage } from './owner-policy-lists.js';
import type { QueryAction, QueryCall } from './iam-context.js';
import { IamError } from './iam-error.js';
import { entityName, iamPath, optionalEntityName } from './iam-parameters.js';
import { iamDate, type XmlObject } from './query-xml.js';

/** CreateUser, GetUser, ListUsers, DeleteUser (IAM API reference). */
export const userNameMax = 64;

export function userXml(user: IamUserRecord, at: Partition): XmlObject {
  return { Path: user.path, UserName: user.name, UserId: user.userId, Arn: iamUserArn(at, user.path, user.name), CreateDate: iamDate(user.created) };
}

export async function requireUser(call: QueryCall, name: string): Promise<IamUserRecord> {
  const user = await call.services.store.getIamUser(name);
  if (user === undefined) throw new IamError('NoSuchEntity', `The user with name ${name} cannot be found.`);
  return user;
}

/** The ARN a call about user `name` is authorized on (the user's own path when it exists). */
export async function userResource(call: QueryCall, name: string | undefined): Promise<string> {
  if (name === undefined) return call.principal.arn;
  const user = await call.services.store.getIamUser(name);
  return iamUserArn(call.services.partition, user?.path ?? '/', name);
}

export const createUser: QueryAction = {
  resource: (call) => iamUserArn(call.services.partition, iamPath(call.params), entityName(call.params, 'UserName', userNameMax)),
  async run(call) {
    const name = entityName(call.params, 'UserName', userNameMax);
    const user = { name, userId: newIamId('AIDA'), path: iamPath(call.params), created: call.now };
    if ((await call.services.store.createIamUser(user)) === undefined) throw new IamError('EntityAlreadyExists', `User with name ${name} already exists.`);
    return { User: userXml(user, call.services.partition) };
  },
};

export const getUser: QueryAction = {
  read: true,
  resource: (call) => userResource(call, optionalEntityName(call.params, 'UserName', userNameMax)),
  async run(call) {
    const name = optionalEntityName(call.params, 'UserName', userNameMax) ?? call.principal.userName;
    if (name === undefined) {
      // The root asking about itself: IAM answers with the account's root user.
      return { User: { UserId: call.principal.userId, Arn: call.principal.arn, CreateDate: iamDate(0) } };
    }
    return { User: userXml(await requireUser(call, name), call.services.partition) };
  },
};

export const listUsers: QueryAction = {
  read: true,
  resource: () => '*',
  async run(call) {
    const { page, ...paging } = await namedPage(call, (query) => call.services.store.listIamUsers(query));
    return { Users: page.map((user) => userXml(user, call.services.partition)), ...paging };
  },
};

export const deleteUser: QueryAction = {
  resource: (call) => userResource(call, entityName(call.params, 'UserName', userNameMax)),
  async run(call) {
    const name = entityName(call.params, 'UserName', userNameMax);
    const outcome = await call.services.store.deleteIamUser(name);
    if (outcome === 'not-found') throw new IamError('NoSuchEntity', `The user with name ${name} cannot be found.`);
    if (outcome === 'conflict') throw new IamError('DeleteConflict', 'Cannot delete entity, must delete access keys, policies and group memberships first.');
    return undefined;
  },
};
