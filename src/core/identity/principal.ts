/**
 * Who is calling, once established. In `iam` mode only a verified SigV4 signature (or a console session
 * opened with one) makes a principal; in `none` mode (loopback only) callers name themselves.
 */
export interface Principal {
  /** The IAM ARN naming the caller, recorded as `lastChangedBy`, `updatedBy`, approvers and in the audit. */
  arn: string;
  /** The access key that signed the request, when one did. */
  accessKeyId?: string;
  /**
   * `root`: the account's root (allowed everything, as on AWS); `user`: an IAM user, authorized by its
   * policies; `local`: none mode, where every caller may do everything; `artifact-session`: the
   * temporary artifactCredentials a job hand-out carries, good at the artifact endpoint (/s3) only;
   * `role-session`: temporary credentials of a role (AssumeRole, a job's role), authorized by the role's policies.
   */
  kind: 'root' | 'user' | 'local' | 'artifact-session' | 'role-session';
  /** The IAM user's name (`user` kind), the `aws:username` of policies. */
  userName?: string;
  /** The role's name (`role-session` kind). */
  roleName?: string;
  /** IAM's unique id (AIDA… for users, the account id for root, `AROA…:<session>` for a role's session): STS GetCallerIdentity's UserId. */
  userId: string;
}

export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

export function userArn(accountId: string, path: string, userName: string): string {
  return `arn:aws:iam::${accountId}:user${path}${userName}`;
}
