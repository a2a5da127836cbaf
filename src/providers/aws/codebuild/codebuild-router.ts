import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools, ReportedThroughJobApi } from '../../../core/contracts/action-provider.js';
import type { AwsProviderSettings } from '../shared/aws-client-settings.js';
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
export class CodeBuildRouter implements ActionProvider {
  readonly actionTypes;
  readonly rerunnable;
  readonly load;

  constructor(
    private readonly local: ActionProvider,
    private readonly settings: AwsProviderSettings,
  ) {
    this.actionTypes = local.actionTypes;
    this.rerunnable = local.rerunnable;
    this.load = local.load;
  }

  run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome | ReportedThroughJobApi> {
    if (!projectOnAws(job.action.configuration.ProjectName ?? '', this.settings)) return this.local.run(job, tools, signal);
    return buildOnAws(job, tools, signal, this.settings);
  }
}
