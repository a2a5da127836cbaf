import { PipewrightError } from '../../core/errors/index.js';
import { newArtifactCredentials } from '../../core/jobs/artifact-credentials.js';
import { parseRoleArn, roleArn } from '../../core/identity/role-arn.js';
import type { QueryAction, QueryCall } from '../iam/iam-context.js';
import { IamError } from '../iam/iam-error.js';
import { requiredParam } from '../iam/iam-parameters.js';
import { iamDate } from '../iam/query-xml.js';

/**
 * STS AssumeRole (STS API reference): temporary credentials (`ASIA…`, a secret, a session token) of a
 * role of this account, for DurationSeconds (900 seconds up to the role's MaxSessionDuration, 3600 by
 * default), allowed when the caller's identity policies and the role's trust policy together allow
 * sts:AssumeRole, as AWS decides it. The account's root may not assume roles, as on AWS.
 */
const sessionNamePattern = /^[\w+=,.@-]{2,64}$/;
const minimumDurationSeconds = 900;

function sessionName(params: URLSearchParams): string {
  const value = requiredParam(params, 'RoleSessionName');
  if (!sessionNamePattern.test(value)) {
    throw new IamError('ValidationError', `1 validation error detected: Value '${value}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  }
  return value;
}

function durationSeconds(params: URLSearchParams, roleMaximum: number): number {
  const raw = params.get('DurationSeconds');
  if (raw === null) return Math.min(3600, roleMaximum);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimumDurationSeconds || value > 43200) {
    throw new IamError('ValidationError', `1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value between ${minimumDurationSeconds} and 43200`);
  }
  if (value > roleMaximum) throw new IamError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  return value;
}

function denied(call: QueryCall, arn: string): PipewrightError {
  return new PipewrightError('AccessDeniedException', `User: ${call.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`);
}

export const assumeRole: QueryAction = {
  authorizesItself: true,
  resource: (call) => requiredParam(call.params, 'RoleArn'),
  async run(call) {
    const arn = requiredParam(call.params, 'RoleArn');
    const name = sessionName(call.params);
    if (call.params.has('Policy') || call.params.has('PolicyArns.member.1')) {
      throw new IamError('ValidationError', 'Session policies (Policy, PolicyArns) are not supported by Pipewright: leave them out, or give the role itself the narrower policy.');
    }
    if (call.principal.kind === 'root') throw new PipewrightError('AccessDeniedException', 'Roles may not be assumed by root accounts.');
    const { services } = call;
    const parsed = parseRoleArn(arn);
    // A role that does not exist, or of another account, is refused in the same words as one not allowed:
    // AWS does not tell the caller which.
    const role = parsed !== undefined && parsed.accountId === services.partition.accountId ? await services.store.getIamRole(parsed.name) : undefined;
    if (role === undefined || parsed === undefined || parsed.path !== role.path) throw denied(call, arn);
    if (call.principal.kind !== 'local') {
      const decision = await services.identity.mayAssumeRole(call.principal, { arn: roleArn(services.partition.accountId, role.path, role.name), trustPolicy: JSON.parse(role.assumeRolePolicyDocument) as unknown }, { sourceIp: call.sourceIp, now: call.now });
      if (decision !== 'Allowed') throw denied(call, arn);
    }
    const seconds = durationSeconds(call.params, role.maxSessionDuration);
    const expires = call.now + seconds * 1000;
    const credentials = newArtifactCredentials();
    const principal = services.identity.startRoleSession(role, name, expires, credentials);
    return {
      Credentials: { AccessKeyId: credentials.accessKeyId, SecretAccessKey: credentials.secretAccessKey, SessionToken: credentials.sessionToken, Expiration: iamDate(expires) },
      AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
      PackedPolicySize: 0,
    };
  },
};
