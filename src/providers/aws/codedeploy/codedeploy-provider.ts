import { CodeDeployClient, CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../../core/contracts/action-provider.js';
import type { ActionTypeId } from '../../../core/declaration/types.js';
import { clientConfig, defaultAwsProviderSettings, type AwsProviderSettings } from '../shared/aws-client-settings.js';
import { AwsActionFailure, awsFailure } from '../shared/aws-failure.js';
import { awsServices, type AwsService } from '../shared/aws-service.js';
import { uploadRevision } from '../shared/revision-upload.js';
import { waitForDeployment } from './deployment-wait.js';


/**
 * The CodeDeploy deploy action (Deploy/AWS/CodeDeploy): the input artifact, zipped into the S3 bucket
 * the settings name, becomes the revision of CreateDeployment for the application's deployment group;
 * the action waits until the deployment has ended. Not rerunnable: a deployment may have started.
 */
export class CodeDeployProvider implements ActionProvider {
  readonly actionTypes: readonly ActionTypeId[] = [{ category: 'Deploy', owner: 'AWS', provider: 'CodeDeploy', version: '1' }];
  readonly rerunnable = false;
  readonly load = 'waiting' as const;

  constructor(private readonly settings: AwsProviderSettings = defaultAwsProviderSettings) {}

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
    const client = new CodeDeployClient(clientConfig(job.action.region));
    let service: AwsService = awsServices.s3;
    try {
      const applicationName = job.action.configuration.ApplicationName ?? '';
      const deploymentGroupName = job.action.configuration.DeploymentGroupName ?? '';
      if (applicationName === '' || deploymentGroupName === '') throw new AwsActionFailure('ConfigurationError', 'ApplicationName and DeploymentGroupName are required.');
      const revision = await uploadRevision(job, tools, this.settings.artifactBucket, 'CodeDeploy');
      service = awsServices.codeDeploy;
      const { deploymentId = '' } = await client.send(
        new CreateDeploymentCommand({
          applicationName,
          deploymentGroupName,
          revision: { revisionType: 'S3', s3Location: { bundleType: 'zip', ...revision } },
          description: `${job.pipeline.name} execution ${job.pipeline.executionId}, action ${job.action.name}`,
        }),
      );
      tools.log.line('system', `Created deployment ${deploymentId} of ${applicationName} to ${deploymentGroupName}.`);
      await waitForDeployment(client, deploymentId, { tools, settings: this.settings, signal });
      const summary = `Deployment ${deploymentId} succeeded`;
      tools.log.line('system', summary);
      return { status: 'Succeeded', summary, externalExecutionId: deploymentId };
    } catch (error) {
      signal.throwIfAborted();
      const failure = awsFailure(error, service, job.action.region);
      tools.log.line('system', `CodeDeploy action FAILED: ${failure.message}`);
      return failure;
    } finally {
      client.destroy();
    }
  }
}
