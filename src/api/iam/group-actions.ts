import { newIamId } from '../../core/identity/access-key-ids.js';
import { iamGroupArn } from './iam-arns.js';
import type { QueryAction } from './iam-context.js';
import { IamError } from './iam-error.js';
import { entityName, iamPath } from './iam-parameters.js';
import { groupResource } from './policy-actions.js';
import { requireUser, userNameMax, userResource, userXml } from './user-actions.js';
import { iamDate } from './query-xml.js';

/** CreateGroup and AddUserToGroup (IAM API reference). */
const groupNameMax = 128;

export const createGroup: QueryAction = {
  resource: (call) => iamGroupArn(call.services.partition, iamPath(call.params), entityName(call.params, 'GroupName', groupNameMax)),
  async run(call) {
    const name = entityName(call.params, 'GroupName', groupNameMax);
    const group = { name, groupId: newIamId('AGPA'), path: iamPath(call.params), created: call.now };
    if ((await call.services.store.createIamGroup(group)) === undefined) throw new IamError('EntityAlreadyExists', `Group with name ${name} already exists.`);
    return { Group: { Path: group.path, GroupName: name, GroupId: group.groupId, Arn: iamGroupArn(call.services.partition, group.path, name), CreateDate: iamDate(call.now) } };
  },
};

export const addUserToGroup: QueryAction = {
  resource: groupResource,
  async run(call) {
    const groupName = entityName(call.params, 'GroupName', groupNameMax);
    if ((await call.services.store.getIamGroup(groupName)) === undefined) throw new IamError('NoSuchEntity', `The group with name ${groupName} cannot be found.`);
    const user = await requireUser(call, entityName(call.params, 'UserName', userNameMax));
    await call.services.store.addIamUserToGroup(groupName, user.name);
    return undefined;
  },
};

/** ListGroupsForUser (IAM API reference). */
export const listGroupsForUser: QueryAction = {
  read: true,
  resource: (call) => userResource(call, entityName(call.params, 'UserName', userNameMax)),
  async run(call) {
    const user = await requireUser(call, entityName(call.params, 'UserName', userNameMax));
    const groups = [];
    for (const name of await call.services.store.listIamGroupsForUser(user.name)) {
      const group = await call.services.store.getIamGroup(name);
      if (group !== undefined) groups.push({ Path: group.path, GroupName: group.name, GroupId: group.groupId, Arn: iamGroupArn(call.services.partition, group.path, group.name), CreateDate: iamDate(group.created) });
    }
    return { Groups: groups, IsTruncated: false };
  },
};

/** GetGroup: the group and its users. */
export const getGroup: QueryAction = {
  read: true,
  resource: groupResource,
  async run(call) {
    const name = entityName(call.params, 'GroupName', groupNameMax);
    const group = await call.services.store.getIamGroup(name);
    if (group === undefined) throw new IamError('NoSuchEntity', `The group with name ${name} cannot be found.`);
    const users = [];
    for (const member of await call.services.store.listIamGroupMembers(name)) {
      const user = await call.services.store.getIamUser(member);
      if (user !== undefined) users.push(userXml(user, call.services.partition));
    }
    return { Group: { Path: group.path, GroupName: name, GroupId: group.groupId, Arn: iamGroupArn(call.services.partition, group.path, name), CreateDate: iamDate(group.created) }, Users: users, IsTruncated: false };
  },
};

export const removeUserFromGroup: QueryAction = {
  resource: groupResource,
  async run(call) {
    const groupName = entityName(call.params, 'GroupName', groupNameMax);
    const userName = entityName(call.params, 'UserName', userNameMax);
    if ((await call.services.store.getIamGroup(groupName)) === undefined) throw new IamError('NoSuchEntity', `The group with name ${groupName} cannot be found.`);
    if (!(await call.services.store.removeIamUserFromGroup(groupName, userName))) throw new IamError('NoSuchEntity', `The user with name ${userName} cannot be found in group ${groupName}.`);
    return undefined;
  },
};

export const deleteGroup: QueryAction = {
  resource: groupResource,
  async run(call) {
    const name = entityName(call.params, 'GroupName', groupNameMax);
    const outcome = await call.services.store.deleteIamGroup(name);
    if (outcome === 'not-found') throw new IamError('NoSuchEntity', `The group with name ${name} cannot be found.`);
    if (outcome === 'conflict') throw new IamError('DeleteConflict', 'Cannot delete entity, must remove users and policies from group first.');
    return undefined;
  },
};
