import type { Kysely } from 'kysely';
import type { IdentityOperations } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { createAccessKey, deleteAccessKey, getAccessKey, listAccessKeys, updateAccessKeyStatus } from './access-keys.js';
import { addIamUserToGroup, createIamGroup, deleteIamGroup, getIamGroup, listIamGroupMembers, listIamGroupsForUser, removeIamUserFromGroup } from './groups.js';
import { attachPolicy, deleteInlinePolicy, detachPolicy, getInlinePolicy, listAttachedPolicies, listInlinePolicies, putInlinePolicy } from './policies.js';
import { deleteJobCredentialGrant, getJobCredentialGrant, JobCredentialGrantRemovals, putJobCredentialGrant } from './job-credential-grants.js';
import { createIamRole, deleteIamRole, getIamRole, listIamRoles, updateIamRoleTrustPolicy } from './roles.js';
import { createIamUser, deleteIamUser, getIamUser, listIamUsers } from './users.js';

export function identityOperations(db: Kysely<Database>): IdentityOperations {
  const removals = new JobCredentialGrantRemovals(db);
  return {
    createIamUser: (user) => createIamUser(db, user),
    getIamUser: (name) => getIamUser(db, name),
    listIamUsers: (page) => listIamUsers(db, page),
    deleteIamUser: (name) => deleteIamUser(db, name),
    createIamGroup: (group) => createIamGroup(db, group),
    getIamGroup: (name) => getIamGroup(db, name),
    addIamUserToGroup: (groupName, userName) => addIamUserToGroup(db, groupName, userName),
    listIamGroupsForUser: (userName) => listIamGroupsForUser(db, userName),
    listIamGroupMembers: (groupName) => listIamGroupMembers(db, groupName),
    removeIamUserFromGroup: (groupName, userName) => removeIamUserFromGroup(db, groupName, userName),
    deleteIamGroup: (name) => deleteIamGroup(db, name),
    createAccessKey: (key) => createAccessKey(db, key),
    getAccessKey: (id) => getAccessKey(db, id),
    listAccessKeys: (userName) => listAccessKeys(db, userName),
    updateAccessKeyStatus: (id, status) => updateAccessKeyStatus(db, id, status),
    deleteAccessKey: (id) => deleteAccessKey(db, id),
    putInlinePolicy: (policy) => putInlinePolicy(db, policy),
    getInlinePolicy: (owner, name) => getInlinePolicy(db, owner, name),
    deleteInlinePolicy: (owner, name) => deleteInlinePolicy(db, owner, name),
    listInlinePolicies: (owner) => listInlinePolicies(db, owner),
    attachPolicy: (owner, arn) => attachPolicy(db, owner, arn),
    detachPolicy: (owner, arn) => detachPolicy(db, owner, arn),
    listAttachedPolicies: (owner) => listAttachedPolicies(db, owner),
    createIamRole: (role) => createIamRole(db, role),
    getIamRole: (name) => getIamRole(db, name),
    listIamRoles: (page) => listIamRoles(db, page),
    updateIamRoleTrustPolicy: (name, document) => updateIamRoleTrustPolicy(db, name, document),
    deleteIamRole: (name) => deleteIamRole(db, name),
    putJobCredentialGrant: (grant) => putJobCredentialGrant(db, grant),
    getJobCredentialGrant: (by, now) => getJobCredentialGrant(db, by, now),
    deleteJobCredentialGrant: db.isTransaction ? (id, now) => deleteJobCredentialGrant(db, id, now) : (id, now) => removals.remove(id, now),
  };
}
