/**
 * IAM's identities as Pipewright keeps them: users, groups, access keys and policies, so that a shared
 * server authenticates callers (SigV4) and authorizes them (identity policies) the way AWS does. Secrets
 * are stored sealed (encrypted with a key kept outside the database); the store never sees them in clear.
 * Times are epoch milliseconds.
 */
export interface IdentityOperations {
  /** Undefined, writing nothing, when a user of that name exists. */
  createIamUser(user: IamUserRecord): Promise<IamUserRecord | undefined>;
  getIamUser(name: string): Promise<IamUserRecord | undefined>;
  /** Users ordered by name, after `afterName`, whose path starts with `pathPrefix`. */
  listIamUsers(page: { pathPrefix?: string; afterName?: string; limit: number }): Promise<IamUserRecord[]>;
  /** 'conflict' when the user still has access keys, policies or groups (IAM's DeleteConflict). */
  deleteIamUser(name: string): Promise<'deleted' | 'not-found' | 'conflict'>;

  createIamGroup(group: IamGroupRecord): Promise<IamGroupRecord | undefined>;
  getIamGroup(name: string): Promise<IamGroupRecord | undefined>;
  /** Idempotent: adding a member twice keeps one membership. */
  addIamUserToGroup(groupName: string, userName: string): Promise<void>;
  listIamGroupsForUser(userName: string): Promise<string[]>;
  listIamGroupMembers(groupName: string): Promise<string[]>;
  /** False when the user was not a member. */
  removeIamUserFromGroup(groupName: string, userName: string): Promise<boolean>;
  /** 'conflict' when the group still has members or policies (IAM's DeleteConflict). */
  deleteIamGroup(name: string): Promise<'deleted' | 'not-found' | 'conflict'>;

  createAccessKey(key: AccessKeyRecord): Promise<void>;
  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  /** The keys of a user, or of the account's root when `userName` is null; oldest first. */
  listAccessKeys(userName: string | null): Promise<AccessKeyRecord[]>;
  updateAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): Promise<boolean>;
  deleteAccessKey(accessKeyId: string): Promise<boolean>;

  /** Creates or replaces the inline policy `policyName` of a user or group. */
  putInlinePolicy(policy: InlinePolicyRecord): Promise<void>;
  getInlinePolicy(owner: PolicyOwner, policyName: string): Promise<InlinePolicyRecord | undefined>;
  deleteInlinePolicy(owner: PolicyOwner, policyName: string): Promise<boolean>;
  listInlinePolicies(owner: PolicyOwner): Promise<InlinePolicyRecord[]>;
  /** Idempotent, as IAM's AttachUserPolicy is. */
  attachPolicy(owner: PolicyOwner, policyArn: string): Promise<void>;
  detachPolicy(owner: PolicyOwner, policyArn: string): Promise<boolean>;
  listAttachedPolicies(owner: PolicyOwner): Promise<string[]>;

  /** Undefined, writing nothing, when a role of that name exists. */
  createIamRole(role: IamRoleRecord): Promise<IamRoleRecord | undefined>;
  getIamRole(name: string): Promise<IamRoleRecord | undefined>;
  /** Roles ordered by name, after `afterName`, whose path starts with `pathPrefix`. */
  listIamRoles(page: { pathPrefix?: string; afterName?: string; limit: number }): Promise<IamRoleRecord[]>;
  /** Replaces the role's trust policy; false when there is no such role. */
  updateIamRoleTrustPolicy(name: string, document: string): Promise<boolean>;
  /** 'conflict' when the role still has policies (IAM's DeleteConflict). */
  deleteIamRole(name: string): Promise<'deleted' | 'not-found' | 'conflict'>;

  /** Records the credentials a job's work was given; any replica then answers for them. */
  putJobCredentialGrant(grant: JobCredentialGrantRecord): Promise<void>;
  /**
   * The grant of this id (the credentials URL's) or of this session access key, while it is usable:
   * not expired at `now` and its job still open (Created, Queued, Dispatched, InProgress), so a job
   * ended anywhere (or lost with a server) takes its credentials with it.
   */
  getJobCredentialGrant(by: { id: string } | { accessKeyId: string }, now: number): Promise<JobCredentialGrantRecord | undefined>;
  /** Forgets one grant (its job's work ended); also forgets every grant expired at `now`. */
  deleteJobCredentialGrant(id: string, now: number): Promise<void>;
}

/** A job's role credentials, as every replica needs them: the URL token hashed, the session sealed. */
export interface JobCredentialGrantRecord {
  /** The id in the credentials URL (`/credentials/<id>`). */
  id: string;
  /** SHA-256 (hex) of the authorization token the job sends. */
  tokenSha256: string;
  jobId: string;
  roleArn: string;
  roleName: string;
  roleId: string;
  sessionName: string;
  accessKeyId: string;
  /** `{"secretAccessKey","sessionToken"}` sealed with the server's secrets key. */
  sealedSession: string;
  expires: number;
}

export interface IamUserRecord {
  name: string;
  /** IAM's unique id (AIDA…). */
  userId: string;
  path: string;
  created: number;
}

export interface IamGroupRecord {
  name: string;
  /** IAM's unique id (AGPA…). */
  groupId: string;
  path: string;
  created: number;
}

export const accessKeyStatuses = ['Active', 'Inactive'] as const;
export type AccessKeyStatus = (typeof accessKeyStatuses)[number];

export interface AccessKeyRecord {
  accessKeyId: string;
  /** The IAM user the key belongs to; null for the account's root. */
  userName: string | null;
  /** The secret access key, sealed with the server's secrets key (never stored in clear). */
  sealedSecret: string;
  status: AccessKeyStatus;
  created: number;
}

/** An IAM role: who may assume it (its trust policy) and, through its policies, what it may do. */
export interface IamRoleRecord {
  name: string;
  /** IAM's unique id (AROA…). */
  roleId: string;
  path: string;
  /** The trust policy as JSON text. */
  assumeRolePolicyDocument: string;
  description?: string;
  /** The longest session AssumeRole grants, in seconds (IAM: 3600 to 43200, default 3600). */
  maxSessionDuration: number;
  created: number;
}

export interface PolicyOwner {
  kind: 'user' | 'group' | 'role';
  name: string;
}

export interface InlinePolicyRecord {
  owner: PolicyOwner;
  policyName: string;
  /** The policy document as JSON text. */
  document: string;
}
