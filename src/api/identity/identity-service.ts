import type { Partition } from '../../core/arn.js';
import type { Clock } from '../../core/clock.js';
import type { Store } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import type { AuthMode } from '../../core/identity/auth-mode.js';
import { awsManagedPolicy } from '../../core/identity/aws-managed-policies.js';
import { rootArn, userArn, type Principal } from '../../core/identity/principal.js';
import { assumedRoleArn } from '../../core/identity/role-arn.js';
import type { PolicyOwner } from '../../core/contracts/store.js';
import type { SecretSealer } from '../../core/identity/secret-sealing.js';
import { AuthenticationFailure } from './authentication-failure.js';
import type { ChunkChain } from './chunk-signatures.js';
import { authMessages } from './auth-errors.js';
import type { ConsoleSessions } from './console-sessions.js';
import { evaluatePolicies, evaluateWithTrustPolicy, type Decision, type NamedPolicy } from './evaluate-policies.js';
import { readSigV4Claim } from './sigv4-credential.js';
import type { VerifiableRequest } from './verify-sigv4.js';

/** A request as every door hands it to authentication. */
export interface IncomingCall extends Omit<VerifiableRequest, 'query'> {
  /** The query string without `?` ('' when none). */
  rawQuery: string;
  sourceIp: string;
  /** Set by authenticate for a body signed chunk by chunk: what checking its chunks needs. */
  chunkChain?: ChunkChain;
}

export interface AuthorizationContext {
  sourceIp: string;
  now: number;
  /** Tags of the resource, offered to policies as aws:ResourceTag/<key>; read only for IAM users. */
  resourceTags?: () => Promise<readonly { key: string; value: string }[]>;
  /** Keys the request itself sets, as `iam:PassedToService` for iam:PassRole. */
  requestKeys?: Readonly<Record<string, string>>;
}

/** A user's or a role's policies, what their conditions read, and the decisions already made with them. */
interface UserPolicies {
  policies: NamedPolicy[];
  /** Conditions on aws:CurrentTime or aws:EpochTime: such decisions are never reused. */
  readsTime: boolean;
  /** Conditions on aws:ResourceTag/…: only then are the resource's tags read. */
  readsResourceTags: boolean;
  decisions: Map<string, Decision>;
}

const decisionsKept = 4096;

interface KnownKey {
  secret: string;
  principal: Principal;
  /** Temporary credentials: their session token, and when they stop working. */
  session?: { token: string; expires: number };
}

/** Doors: the artifact endpoint is the only one artifact session credentials open. */
export type Door = 'api' | 's3';

/** How long a job hand-out's artifactCredentials work (STS sessions last an hour by default). */
const artifactSessionMs = 60 * 60 * 1000;

/**
 * Who calls, and whether they may. `iam` mode believes only SigV4 signatures made with a stored access
 * key (or a console session opened with one) and evaluates the caller's identity policies; `none` mode
 * (loopback only) names callers as they name themselves and allows everything. Keys and policies are
 * cached until the next change to identities (`identitiesChanged`), so a request costs no store read.
 */
export class IdentityService {
  private readonly keys = new Map<string, KnownKey>();
  private readonly policies = new Map<string, UserPolicies>();
  private readonly sessions_ = new Map<string, KnownKey>();

  constructor(
    readonly mode: AuthMode,
    private readonly deps: { store: Store; partition: Partition; clock: Clock; sealer?: SecretSealer; sessions?: ConsoleSessions },
  ) {}

  get sealer(): SecretSealer {
    if (this.deps.sealer === undefined) throw new Error('No secrets key: identities are managed only in iam mode.');
    return this.deps.sealer;
  }

  get sessions(): ConsoleSessions | undefined {
    return this.deps.sessions;
  }

  /** Forget cached keys and policies: called after every change IAM's API makes. */
  identitiesChanged(): void {
    this.keys.clear();
    this.policies.clear();
  }

  /**
   * Fresh artifactCredentials for a job hand-out (PollForJobs, GetJobDetails), remembered so that the
   * artifact endpoint accepts them in iam mode: an `ASIA…` key, its secret and a session token.
   */
  artifactCredentials(newCredentials: () => { accessKeyId: string; secretAccessKey: string; sessionToken: string }): { accessKeyId: string; secretAccessKey: string; sessionToken: string } {
    const credentials = newCredentials();
    if (this.mode === 'none') return credentials;
    this.remember(credentials, { kind: 'artifact-session', arn: `arn:aws:sts::${this.deps.partition.accountId}:assumed-role/CodePipelineArtifacts/${credentials.accessKeyId}`, accessKeyId: credentials.accessKeyId, userId: credentials.accessKeyId });
    return credentials;
  }

  private remember(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string }, principal: Principal, expires?: number): void {
    const now = this.deps.clock.now();
    for (const [id, known] of this.sessions_) if ((known.session?.expires ?? 0) <= now) this.sessions_.delete(id);
    this.sessions_.set(credentials.accessKeyId, { secret: credentials.secretAccessKey, principal, session: { token: credentials.sessionToken, expires: expires ?? now + artifactSessionMs } });
  }

  /**
   * Temporary credentials of a role (STS AssumeRole, a job's role) good until `expires` or until
   * `endRoleSession`, at every door, authorized by the role's policies. Kept in memory by the replica
   * that issued them; a job's are also in the store (job-credential-grants.ts), where the other replicas
   * find them (`grantedSessionKey`).
   */
  startRoleSession(
    role: { name: string; roleId: string },
    sessionName: string,
    expires: number,
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string },
  ): Principal {
    const principal = this.rolePrincipal(role, sessionName, credentials.accessKeyId);
    this.remember(credentials, principal, expires);
    return principal;
  }

  private rolePrincipal(role: { name: string; roleId: string }, sessionName: string, accessKeyId: string): Principal {
    return {
      kind: 'role-session',
      arn: assumedRoleArn(this.deps.partition.accountId, role.name, sessionName),
      accessKeyId,
      roleName: role.name,
      userId: `${role.roleId}:${sessionName}`,
    };
  }

  /** From now on the session's credentials are refused (a job that ended). */
  endRoleSession(accessKeyId: string): void {
    this.sessions_.delete(accessKeyId);
  }

  /**
   * Session credentials for work the server runs that calls it back (local functions, invoke actions):
   * the role it runs as, allowed everything like the root, at the API and the artifact endpoint.
   */
  serviceCredentials(newCredentials: () => { accessKeyId: string; secretAccessKey: string; sessionToken: string }): { accessKeyId: string; secretAccessKey: string; sessionToken: string } {
    const credentials = newCredentials();
    if (this.mode === 'none') return credentials;
    this.remember(credentials, { kind: 'root', arn: `arn:aws:sts::${this.deps.partition.accountId}:assumed-role/pipewright-service/${credentials.accessKeyId}`, accessKeyId: credentials.accessKeyId, userId: credentials.accessKeyId });
    return credentials;
  }

  async authenticate(call: IncomingCall, door: Door = 'api'): Promise<Principal> {
    if (this.mode === 'none') return (await this.localRoleSession(call)) ?? localPrincipal(call.headers, this.deps.partition);
    const reading = readSigV4Claim(call.headers, new URLSearchParams(call.rawQuery));
    if ('missing' in reading) {
      const session = this.deps.sessions?.principalOf(call.headers.cookie, this.deps.clock.now());
      if (session !== undefined) return session;
      throw new AuthenticationFailure('missing', authMessages.missing);
    }
    if ('incomplete' in reading) throw new AuthenticationFailure('incomplete', reading.incomplete);
    // Artifact sessions open the artifact endpoint only; the service's sessions open every door.
    const session = this.sessionKey(reading.claim.accessKeyId, call) ?? (await this.grantedSessionKey(reading.claim.accessKeyId, call));
    const usable = session !== undefined && (door === 's3' || session.principal.kind !== 'artifact-session') ? session : undefined;
    const key = usable ?? (await this.knownKey(reading.claim.accessKeyId));
    if (key === undefined) throw new AuthenticationFailure('unknown-key', authMessages.unknownKey);
    const [path, query] = [call.rawPath, new URLSearchParams(call.rawQuery)];
    // Loaded by the first signed call: a server in none mode never needs the SDK's signer (400 KB of its core).
    const { verifySigV4 } = await import('./verify-sigv4.js');
    const chain = await verifySigV4({ method: call.method, rawPath: path, query, headers: call.headers, ...(call.body !== undefined ? { body: call.body } : {}) }, reading.claim, key.secret, this.deps.clock.now());
    if (chain !== undefined) call.chunkChain = chain;
    return key.principal;
  }

  /**
   * none mode: a job's work signing with its role's credentials is named as the role's session (what
   * `aws sts get-caller-identity` shows, what the audit records), and still allowed everything.
   */
  private async localRoleSession(call: IncomingCall): Promise<Principal | undefined> {
    const authorization = first(call.headers.authorization);
    const accessKeyId = authorization === undefined ? undefined : /Credential=([^/,\s]+)\//.exec(authorization)?.[1];
    const known = accessKeyId === undefined ? undefined : (this.sessionKey(accessKeyId, call) ?? (await this.grantedSessionKey(accessKeyId, call)));
    return known?.principal.kind === 'role-session' ? { ...known.principal, kind: 'local' } : undefined;
  }

  private sessionKey(accessKeyId: string, call: IncomingCall): KnownKey | undefined {
    const known = this.sessions_.get(accessKeyId);
    if (known?.session === undefined || known.session.expires <= this.deps.clock.now()) return undefined;
    return sessionTokenOf(call) === known.session.token ? known : undefined;
  }

  /**
   * A job's role session this replica did not issue (another replica did, or this one before a restart):
   * its grant in the store, while unexpired and its job open. Read at every call, not cached, so a job
   * ended anywhere is refused here at once. Session keys are `ASIA…`; other keys skip the read.
   */
  private async grantedSessionKey(accessKeyId: string, call: IncomingCall): Promise<KnownKey | undefined> {
    if (!accessKeyId.startsWith('ASIA')) return undefined;
    const grant = await this.deps.store.getJobCredentialGrant({ accessKeyId }, this.deps.clock.now());
    if (grant === undefined) return undefined;
    const session = JSON.parse(this.sealer.open(grant.sealedSession)) as { secretAccessKey: string; sessionToken: string };
    if (sessionTokenOf(call) !== session.sessionToken) return undefined;
    const principal = this.rolePrincipal({ name: grant.roleName, roleId: grant.roleId }, grant.sessionName, accessKeyId);
    return { secret: session.secretAccessKey, principal, session: { token: session.sessionToken, expires: grant.expires } };
  }

  /** The principal of an access key id and its secret (git's Basic authentication, the console's sign-in). */
  async principalOfSecret(accessKeyId: string, secret: string): Promise<Principal | undefined> {
    const key = await this.knownKey(accessKeyId);
    return key !== undefined && key.secret === secret ? key.principal : undefined;
  }

  /** Throws AccessDeniedException, worded as AWS words it, unless `principal` may do `action` on `resource`. */
  async authorize(principal: Principal, action: string, resource: string, context: AuthorizationContext): Promise<void> {
    if (principal.kind === 'artifact-session' && !action.startsWith('s3:')) {
      throw new PipewrightError('AccessDeniedException', `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`);
    }
    if (principal.kind !== 'user' && principal.kind !== 'role-session') return;
    const held = await this.policiesOf(principal);
    const tags = held.readsResourceTags && context.resourceTags !== undefined ? await context.resourceTags() : [];
    // The same question with the same facts gets the same answer: decisions are reused until identities
    // change, unless a condition reads the clock.
    const key = held.readsTime ? undefined : JSON.stringify([action, resource, context.sourceIp, tags, context.requestKeys ?? {}]);
    let decision = key === undefined ? undefined : held.decisions.get(key);
    if (decision === undefined) {
      decision = await evaluatePolicies(held.policies, {
        principalArn: principal.arn,
        accountId: this.deps.partition.accountId,
        action,
        resource,
        context: conditionContext(principal, context, tags),
      });
      if (key !== undefined) {
        if (held.decisions.size >= decisionsKept) held.decisions.clear();
        held.decisions.set(key, decision);
      }
    }
    if (decision === 'Allowed') return;
    const why = decision === 'ExplicitlyDenied' ? 'with an explicit deny in an identity-based policy' : `because no identity-based policy allows the ${action} action`;
    throw new PipewrightError('AccessDeniedException', `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource} ${why}`);
  }

  private async knownKey(accessKeyId: string): Promise<KnownKey | undefined> {
    const cached = this.keys.get(accessKeyId);
    if (cached !== undefined) return cached;
    const record = await this.deps.store.getAccessKey(accessKeyId);
    if (record === undefined || record.status !== 'Active') return undefined;
    const { accountId } = this.deps.partition;
    let principal: Principal;
    if (record.userName === null) {
      principal = { kind: 'root', arn: rootArn(accountId), accessKeyId, userId: accountId };
    } else {
      const user = await this.deps.store.getIamUser(record.userName);
      if (user === undefined) return undefined;
      principal = { kind: 'user', arn: userArn(accountId, user.path, user.name), accessKeyId, userName: user.name, userId: user.userId };
    }
    const known = { secret: this.sealer.open(record.sealedSecret), principal };
    this.keys.set(accessKeyId, known);
    return known;
  }

  /**
   * Whether `principal` (an IAM user or a role's session) may assume `role`: its identity policies and
   * the role's trust policy together, as AWS decides sts:AssumeRole.
   */
  async mayAssumeRole(principal: Principal, role: { arn: string; trustPolicy: unknown }, context: AuthorizationContext): Promise<Decision> {
    const held = principal.kind === 'user' || principal.kind === 'role-session' ? await this.policiesOf(principal) : { policies: [] };
    return evaluateWithTrustPolicy(held.policies, role.trustPolicy, {
      principalArn: principal.arn,
      accountId: this.deps.partition.accountId,
      action: 'sts:AssumeRole',
      resource: role.arn,
      context: conditionContext(principal, context, []),
    });
  }

  private async policiesOf(principal: Principal): Promise<UserPolicies> {
    const cacheKey = principal.kind === 'role-session' ? `role:${principal.roleName ?? ''}` : `user:${principal.userName ?? ''}`;
    const cached = this.policies.get(cacheKey);
    if (cached !== undefined) return cached;
    const { store } = this.deps;
    const owners: PolicyOwner[] =
      principal.kind === 'role-session'
        ? [{ kind: 'role', name: principal.roleName ?? '' }]
        : [{ kind: 'user', name: principal.userName ?? '' }, ...(await store.listIamGroupsForUser(principal.userName ?? '')).map((name) => ({ kind: 'group', name }) as const)];
    const policies: NamedPolicy[] = [];
    for (const owner of owners) {
      for (const inline of await store.listInlinePolicies(owner)) policies.push({ name: `${owner.kind}/${owner.name}/${inline.policyName}`, document: JSON.parse(inline.document) as unknown });
      for (const arn of await store.listAttachedPolicies(owner)) {
        const managed = awsManagedPolicy(arn);
        if (managed !== undefined) policies.push({ name: arn, document: managed.document });
      }
    }
    const text = JSON.stringify(policies.map((policy) => policy.document));
    const held = { policies, readsTime: /aws:(CurrentTime|EpochTime)/i.test(text), readsResourceTags: /aws:ResourceTag\//i.test(text), decisions: new Map<string, Decision>() };
    this.policies.set(cacheKey, held);
    return held;
  }
}

function conditionContext(principal: Principal, context: AuthorizationContext, resourceTags: readonly { key: string; value: string }[]): Record<string, string | string[]> {
  const variables: Record<string, string | string[]> = {
    'aws:SourceIp': context.sourceIp,
    'aws:CurrentTime': new Date(context.now).toISOString(),
    'aws:EpochTime': String(Math.floor(context.now / 1000)),
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalType': principal.kind === 'role-session' ? 'AssumedRole' : 'User',
    'aws:userid': principal.userId,
    'aws:SecureTransport': 'false',
  };
  if (principal.userName !== undefined) variables['aws:username'] = principal.userName;
  for (const tag of resourceTags) variables[`aws:ResourceTag/${tag.key}`] = tag.value;
  Object.assign(variables, context.requestKeys);
  return variables;
}

/** none mode: the console names the person acting; signed clients are named by their key. */
function localPrincipal(headers: Record<string, string | string[] | undefined>, partition: Partition): Principal {
  const authorization = first(headers.authorization);
  const accessKeyId = authorization === undefined ? undefined : /Credential=([^/,\s]+)\//.exec(authorization)?.[1];
  const user = first(headers['x-pipewright-user']);
  const name = user !== undefined && /^[\w+=,.@-]{1,64}$/.test(user) ? user : (accessKeyId ?? 'anonymous');
  return { kind: 'local', arn: `arn:aws:iam::${partition.accountId}:user/${name}`, userId: name, ...(accessKeyId !== undefined ? { accessKeyId } : {}) };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The session token a call carries: its header, or a presigned URL's parameter. */
function sessionTokenOf(call: IncomingCall): string | undefined {
  const header = call.headers['x-amz-security-token'];
  return (Array.isArray(header) ? header[0] : header) ?? new URLSearchParams(call.rawQuery).get('X-Amz-Security-Token') ?? undefined;
}
