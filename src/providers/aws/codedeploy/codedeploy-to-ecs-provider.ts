import { CodeDeployClient, CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../../core/contracts/action-provider.js';
import type { ActionTypeId } from '../../../core/declaration/types.js';
import { clientConfig, defaultAwsProviderSettings, type AwsProviderSettings } from '../shared/aws-client-settings.js';
import { AwsActionFailure, awsFailure } from '../shared/aws-failure.js';
import { awsServices, type AwsService } from '../shared/aws-service.js';
import { InputArtifacts } from '../shared/input-artifacts.js';
import { waitForDeployment } from './deployment-wait.js';
import { appSpecWithTaskDefinition, taskDefinitionFromTemplate } from './ecs-blue-green-revision.js';

/**
 * The Amazon ECS blue/green action (Deploy/AWS/CodeDeployToECS): registers the task definition
 * template with its images filled in (Amazon ECS), then deploys the AppSpec naming it (CodeDeploy,
 * revision type AppSpecContent: nothing needs to be in S3) and waits for the deployment. Not rerunnable.
 */
export class CodeDeployToEcsProvider implements ActionProvider {
  readonly actionTypes: readonly ActionTypeId[] = [{ category: 'Deploy', owner: 'AWS', provider: 'CodeDeployToECS', version: '1' }];
  readonly rerunnable = false;
  readonly load = 'waiting' as const;

  constructor(private readonly settings: AwsProviderSettings = defaultAwsProviderSettings) {}

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
    const ecs = new ECSClient(clientConfig(job.action.region));
    const codeDeploy = new CodeDeployClient(clientConfig(job.action.region));
    const inputs = new InputArtifacts(job, tools);
    let service: AwsService = awsServices.ecs;
    try {
      const { ApplicationName: applicationName = '', DeploymentGroupName: deploymentGroupName = '' } = job.action.configuration;
      if (applicationName === '' || deploymentGroupName === '') throw new AwsActionFailure('ConfigurationError', 'ApplicationName and DeploymentGroupName are required.');
      const registered = await ecs.send(new RegisterTaskDefinitionCommand(await taskDefinitionFromTemplate(job, inputs)));
      const taskDefinitionArn = registered.taskDefinition?.taskDefinitionArn ?? '';
      tools.log.line('system', `Registered ${taskDefinitionArn}.`);
      const content = await appSpecWithTaskDefinition(job, inputs, taskDefinitionArn);
      service = awsServices.codeDeploy;
      const { deploymentId = '' } = await codeDeploy.send(
        new CreateDeploymentCommand({ applicationName, deploymentGroupName, revision: { revisionType: 'AppSpecContent', appSpecContent: { content } } }),
      );
      tools.log.line('system', `Created blue/green deployment ${deploymentId} of ${applicationName} to ${deploymentGroupName}.`);
      await waitForDeployment(codeDeploy, deploymentId, { tools, settings: this.settings, signal });
      const summary = `Deployment ${deploymentId} of ${taskDefinitionArn} succeeded`;
      tools.log.line('system', summary);
      return { status: 'Succeeded', summary, externalExecutionId: deploymentId };
    } catch (error) {
      signal.throwIfAborted();
      const failure = awsFailure(error, service, job.action.region);
      tools.log.line('system', `CodeDeployToECS action FAILED: ${failure.message}`);
      return failure;
    } finally {
      ecs.destroy();
      codeDeploy.destroy();
      await inputs.release();
    }
  }
}
