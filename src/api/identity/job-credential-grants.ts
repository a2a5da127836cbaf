import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Partition } from '../../core/arn.js';
import type { Clock } from '../../core/clock.js';
import type { Store, IamRoleRecord } from '../../core/contracts/store.js';
import { RoleUnavailableError, type JobCredentialGrant, type JobCredentialIssuer, type JobRole, type RoleAssumer } from '../../core/contracts/job-credentials.js';
import { newArtifactCredentials } from '../../core/jobs/artifact-credentials.js';
import { parseRoleArn } from '../../core/identity/role-arn.js';
import { localRoleFor } from './local-roles.js';
import { trustsService } from './evaluate-policies.js';
import type { IdentityService } from './identity-service.js';

/** Who assumes the role on AWS, for the refusal's words. */
const assumerNames: Record<RoleAssumer, string> = {
  'codepipeline.amazonaws.com': 'CodePipeline runs the action (a Commands action, a build without a project service role, a function without its own role) as the action’s or the pipeline’s role',
  'codebuild.amazonaws.com': 'CodeBuild runs the build as its project’s service role',
  'lambda.amazonaws.com': 'Lambda runs the function as its execution role',
};

/** The longest a job's credentials are advertised for; the job's end revokes them earlier. */
const longestGrantMs = 12 * 60 * 60 * 1000;

/** The container credentials provider's answer (AWS SDK for JavaScript v3, credential-provider-http). */
export interface ContainerCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
  /** RFC 3339. */
  Expiration: string;
  RoleArn: string;
}

/**
 * The credentials of each running job's role (JobCredentialIssuer), answered at `/credentials/<id>`
 * (credentials-route.ts) to the job's token only, and refused once the job has ended. Each grant is in
 * the store (the token as its SHA-256, the session sealed), so every replica answers for it and accepts
 * its keys, and none does once the job is no longer open, wherever it ended. A role the server's IAM
 * does not have is refused in iam mode, as AWS refuses to assume it; in local mode (no authentication,
 * loopback only) it is created allowing everything, and the job's log says so.
 */
export class JobCredentialGrants implements JobCredentialIssuer {
  constructor(private readonly deps: { identity: IdentityService; store: Store; partition: Partition; clock: Clock }) {}

  async issue(request: { jobId: string; role: JobRole; expires: number }): Promise<JobCredentialGrant> {
    const { role, notes } = await this.roleOf(request.role);
    const now = this.deps.clock.now();
    const expires = Math.min(request.expires, now + longestGrantMs);
    const credentials = newArtifactCredentials();
    // CodeBuild names its sessions after the build; a job's session is named after the job.
    const sessionName = `Pipewright-${request.jobId}`.slice(0, 64);
    this.deps.identity.startRoleSession(role, sessionName, expires, credentials);
    const id = randomBytes(24).toString('base64url');
    const authorizationToken = randomBytes(32).toString('base64url');
    await this.deps.store.putJobCredentialGrant({
      id,
      tokenSha256: sha256(authorizationToken),
      jobId: request.jobId,
      roleArn: request.role.arn,
      roleName: role.name,
      roleId: role.roleId,
      sessionName,
      accessKeyId: credentials.accessKeyId,
      sealedSession: this.deps.identity.sealer.seal(JSON.stringify({ secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken })),
      expires,
    });
    return {
      path: `/credentials/${id}`,
      authorizationToken,
      secrets: [credentials.secretAccessKey, credentials.sessionToken, authorizationToken],
      notes,
      revoke: async () => {
        this.deps.identity.endRoleSession(credentials.accessKeyId);
        await this.deps.store.deleteJobCredentialGrant(id, this.deps.clock.now());
      },
    };
  }

  /** The credentials at `/credentials/<id>` for the holder of its token; undefined once the job ended (on any replica), or for any other token. */
  async answer(id: string, authorization: string | undefined): Promise<ContainerCredentials | undefined> {
    if (authorization === undefined) return undefined;
    const grant = await this.deps.store.getJobCredentialGrant({ id }, this.deps.clock.now());
    if (grant === undefined) return undefined;
    const [given, wanted] = [Buffer.from(sha256(authorization), 'hex'), Buffer.from(grant.tokenSha256, 'hex')];
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return undefined;
    const session = JSON.parse(this.deps.identity.sealer.open(grant.sealedSession)) as { secretAccessKey: string; sessionToken: string };
    return {
      AccessKeyId: grant.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      Token: session.sessionToken,
      Expiration: new Date(grant.expires).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      RoleArn: grant.roleArn,
    };
  }

  /**
   * Whether the role's trust policy lets the service that runs this work assume it, as AWS asks of that
   * service only: a role only people may assume, or one meant for another service, is not lent to a
   * build by naming it in a pipeline.
   */
  private async trustsAssumer(role: IamRoleRecord, wanted: JobRole): Promise<boolean> {
    const trustPolicy = JSON.parse(role.assumeRolePolicyDocument) as unknown;
    return trustsService(trustPolicy, wanted.assumer, { arn: wanted.arn, accountId: this.deps.partition.accountId });
  }

  private async roleOf(wanted: JobRole): Promise<{ role: IamRoleRecord; notes: string[] }> {
    const { arn } = wanted;
    const { store, partition, identity, clock } = this.deps;
    const parsed = parseRoleArn(arn);
    if (parsed === undefined || parsed.accountId !== partition.accountId) {
      throw new RoleUnavailableError(`The role ${arn} cannot be assumed: it is not the ARN of a role of account ${partition.accountId} (arn:aws:iam::${partition.accountId}:role/NAME).`);
    }
    const role = await store.getIamRole(parsed.name);
    if (role !== undefined && role.path === parsed.path) {
      if (identity.mode === 'iam' && !(await this.trustsAssumer(role, wanted))) {
        throw new RoleUnavailableError(
          `The role ${arn} cannot be assumed: its trust policy does not let ${wanted.assumer} assume it (sts:AssumeRole), and ${assumerNames[wanted.assumer]}. Update it with aws iam update-assume-role-policy.`,
        );
      }
      return { role, notes: [] };
    }
    if (identity.mode === 'iam' || role !== undefined) {
      throw new RoleUnavailableError(
        `The role ${arn} cannot be assumed: this server's IAM has no such role. Create it (aws iam create-role --role-name ${parsed.name}${parsed.path !== '/' ? ` --path ${parsed.path}` : ''} --assume-role-policy-document …) and give it the permissions the work needs (aws iam put-role-policy).`,
      );
    }
    const local = localRoleFor(parsed, clock.now());
    if ((await store.createIamRole(local.role)) === undefined) {
      // Another job created it meanwhile: use that one.
      const existing = await store.getIamRole(parsed.name);
      if (existing === undefined) throw new Error(`The role ${parsed.name} was created and deleted meanwhile.`);
      return { role: existing, notes: [] };
    }
    await store.putInlinePolicy({ owner: { kind: 'role', name: parsed.name }, policyName: local.policyName, document: local.policyDocument });
    identity.identitiesChanged();
    return { role: local.role, notes: [local.note(arn)] };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
