import { createAccessKey, deleteAccessKey, listAccessKeys, updateAccessKey } from './access-key-actions.js';
import { addUserToGroup, createGroup, deleteGroup, getGroup, listGroupsForUser, removeUserFromGroup } from './group-actions.js';
import type { QueryAction } from './iam-context.js';
import {
  attachGroupPolicy,
  attachUserPolicy,
  deleteGroupPolicy,
  deleteUserPolicy,
  detachGroupPolicy,
  detachUserPolicy,
  getUserPolicy,
  listAttachedUserPolicies,
  listUserPolicies,
  putGroupPolicy,
  putUserPolicy,
} from './policy-actions.js';
import { createRole, deleteRole, getRole, listRoles, updateAssumeRolePolicy } from './role-actions.js';
import { attachRolePolicy, deleteRolePolicy, detachRolePolicy, getRolePolicy, listAttachedRolePolicies, listRolePolicies, putRolePolicy } from './role-policy-actions.js';
import { createUser, deleteUser, getUser, listUsers } from './user-actions.js';

/** IAM's actions Pipewright serves (query protocol, Version=2010-05-08), by their wire names. */
export const iamActions: Partial<Record<string, QueryAction>> = {
  CreateUser: createUser,
  GetUser: getUser,
  ListUsers: listUsers,
  DeleteUser: deleteUser,
  CreateAccessKey: createAccessKey,
  ListAccessKeys: listAccessKeys,
  UpdateAccessKey: updateAccessKey,
  DeleteAccessKey: deleteAccessKey,
  PutUserPolicy: putUserPolicy,
  GetUserPolicy: getUserPolicy,
  DeleteUserPolicy: deleteUserPolicy,
  AttachUserPolicy: attachUserPolicy,
  DetachUserPolicy: detachUserPolicy,
  CreateGroup: createGroup,
  AddUserToGroup: addUserToGroup,
  PutGroupPolicy: putGroupPolicy,
  AttachGroupPolicy: attachGroupPolicy,
  // Read back by Terraform and the CLI after the calls above.
  ListUserPolicies: listUserPolicies,
  ListAttachedUserPolicies: listAttachedUserPolicies,
  ListGroupsForUser: listGroupsForUser,
  // Undoing what the calls above did, so users in groups can be deleted.
  GetGroup: getGroup,
  RemoveUserFromGroup: removeUserFromGroup,
  DeleteGroupPolicy: deleteGroupPolicy,
  DetachGroupPolicy: detachGroupPolicy,
  DeleteGroup: deleteGroup,
  // Roles that pipelines, projects and actions name, and their policies.
  CreateRole: createRole,
  GetRole: getRole,
  ListRoles: listRoles,
  DeleteRole: deleteRole,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  PutRolePolicy: putRolePolicy,
  GetRolePolicy: getRolePolicy,
  DeleteRolePolicy: deleteRolePolicy,
  ListRolePolicies: listRolePolicies,
  AttachRolePolicy: attachRolePolicy,
  DetachRolePolicy: detachRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
};
