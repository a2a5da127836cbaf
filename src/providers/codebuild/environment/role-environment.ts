import type { ActionJob, ActionOutcome, ProviderTools } from '../../../core/contracts/action-provider.js';
import { isRoleUnavailableError, jobRole } from '../../../core/contracts/job-credentials.js';

/**
 * The variables that let a build call AWS APIs as its role (its project's service role, else the
 * action's, else the pipeline's): CodeBuild's container credentials endpoint and Pipewright's service
 * endpoints (ProviderTools.awsEnvironment). A project's serviceRole may be a bare name, as CodeBuild's
 * console takes it: it names a role of the server's account.
 */
export async function roleEnvironment(job: ActionJob, tools: ProviderTools, serviceRole?: string): Promise<Record<string, string>> {
  const project = serviceRole === undefined || serviceRole.startsWith('arn:') ? serviceRole : `arn:aws:iam::${tools.partition.accountId}:role/${serviceRole}`;
  // A project's service role is CodeBuild's to assume; the action's or pipeline's, CodePipeline's.
  const role = jobRole(job, project !== undefined ? { arn: project, assumer: 'codebuild.amazonaws.com' } : undefined);
  if (role === undefined || tools.awsEnvironment === undefined) return {};
  return tools.awsEnvironment(role);
}

/** A role the build cannot assume fails the action before any command runs, as CodeBuild refuses to start it. */
export function roleFailure(tools: ProviderTools, error: unknown): ActionOutcome | undefined {
  if (!isRoleUnavailableError(error)) return undefined;
  tools.log.line('system', `Build FAILED: ${error.message}`);
  return { status: 'Failed', failureType: 'PermissionError', message: error.message };
}
