/**
 * Temporary credentials of a role for the work of one job (a build, a Commands action, a local
 * function), served the way CodeBuild and ECS serve a task's role: at a URL of the server for this job
 * only, to the holder of an authorization token, until the job ends.
 */
export interface JobCredentialIssuer {
  /** Throws RoleUnavailableError when the role cannot be used (iam mode: it does not exist). */
  issue(request: { jobId: string; role: JobRole; expires: number }): Promise<JobCredentialGrant>;
}

export interface JobCredentialGrant {
  /** The server path answering with the credentials (`/credentials/<id>`). */
  path: string;
  /** The value the caller sends as its Authorization header (AWS_CONTAINER_AUTHORIZATION_TOKEN). */
  authorizationToken: string;
  /** What the job's log must never show: the secret key, the session token, the authorization token. */
  secrets: string[];
  /** Lines for the job's log (the role was created on first use). */
  notes: string[];
  /** From now on the credentials and the URL are refused, by every replica. */
  revoke(): Promise<void>;
}

/** The job's role cannot be used: the action fails with this message, as AWS would refuse to assume it. */
export class RoleUnavailableError extends Error {
  override readonly name = 'RoleUnavailableError';
}

export function isRoleUnavailableError(error: unknown): error is RoleUnavailableError {
  return error instanceof Error && error.name === 'RoleUnavailableError';
}

/**
 * The service that assumes a job's role on AWS, which the role's trust policy must let do so: CodeBuild
 * for a project's service role, Lambda for a function's execution role, CodePipeline for the action's
 * or the pipeline's role (the one a Commands action runs as: "Service role permissions: Commands
 * action", CodePipeline User Guide).
 */
export type RoleAssumer = 'codepipeline.amazonaws.com' | 'codebuild.amazonaws.com' | 'lambda.amazonaws.com';

export interface JobRole {
  arn: string;
  assumer: RoleAssumer;
}

/** The role the work of a job runs as: its own service's role (a project's, a function's), else the action's, else the pipeline's. */
export function jobRole(job: { pipeline: { roleArn?: string }; action: { roleArn?: string } }, own?: JobRole): JobRole | undefined {
  if (own !== undefined) return own;
  const arn = job.action.roleArn ?? job.pipeline.roleArn;
  return arn === undefined ? undefined : { arn, assumer: 'codepipeline.amazonaws.com' };
}
