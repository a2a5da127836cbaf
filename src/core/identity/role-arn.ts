/**
 * Role ARNs as IAM writes them, `arn:aws:iam::<account>:role<path><name>`, and the ARN of a session of
 * a role as STS writes it, `arn:aws:sts::<account>:assumed-role/<name>/<session>` (the path is left out).
 */
export interface RoleName {
  accountId: string;
  path: string;
  name: string;
}

const roleArnPattern = /^arn:aws[\w-]*:iam::(\d{12}):role(\/(?:[\u0021-\u007E]*\/)?)([\w+=,.@-]{1,64})$/;

export function parseRoleArn(arn: string): RoleName | undefined {
  const match = roleArnPattern.exec(arn);
  if (match === null) return undefined;
  const [, accountId, path, name] = match;
  if (accountId === undefined || path === undefined || name === undefined) return undefined;
  return { accountId, path, name };
}

export function roleArn(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:role${path}${name}`;
}

export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}
