import type { ActionProvider } from '../../../core/contracts/action-provider.js';
import type { AwsProviderSettings } from '../shared/aws-client-settings.js';
import { AwsRouter } from '../shared/aws-router.js';
import { buildOnAws } from './codebuild-on-aws.js';

/** Whether CodeBuild actions of this project build on AWS CodeBuild (PIPEWRIGHT_AWS_CODEBUILD_PROJECTS) rather than here. */
export function projectOnAws(projectName: string, settings: AwsProviderSettings): boolean {
  return settings.awsProjects === 'all' || settings.awsProjects.has(projectName);
}

/**
 * Build/Test AWS CodeBuild for both kinds of project: the projects the settings name are built by AWS
 * CodeBuild (or the SDK's CodeBuild endpoint) with StartBuild; every other project builds on this host
 * (the local CodeBuild provider), as before.
 */
export function codeBuildRouter(local: ActionProvider, settings: AwsProviderSettings): AwsRouter {
  return new AwsRouter(local, {
    onAws: (job) => projectOnAws(job.action.configuration.ProjectName ?? '', settings),
    run: (job, tools, signal) => buildOnAws(job, tools, signal, settings),
  });
}
