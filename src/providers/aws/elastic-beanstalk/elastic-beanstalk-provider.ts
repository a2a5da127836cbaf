import { CreateApplicationVersionCommand, ElasticBeanstalkClient, UpdateEnvironmentCommand } from '@aws-sdk/client-elastic-beanstalk';
import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../../core/contracts/action-provider.js';
import type { ActionTypeId } from '../../../core/declaration/types.js';
import { clientConfig, defaultAwsProviderSettings, type AwsProviderSettings } from '../shared/aws-client-settings.js';
import { AwsActionFailure, awsFailure } from '../shared/aws-failure.js';
import { awsServices, type AwsService } from '../shared/aws-service.js';
import { uploadRevision } from '../shared/revision-upload.js';
import { describeEnvironment, waitForVersion } from './environment-wait.js';

/**
 * The Elastic Beanstalk deploy action (Deploy/AWS/ElasticBeanstalk): the input artifact, zipped into
 * the S3 bucket the settings name, becomes a new application version (labelled after the action
 * execution), the environment is updated to it, and the action waits until the environment is Ready on
 * that version. Not rerunnable: the environment may have been updated.
 */
export class ElasticBeanstalkProvider implements ActionProvider {
  readonly actionTypes: readonly ActionTypeId[] = [{ category: 'Deploy', owner: 'AWS', provider: 'ElasticBeanstalk', version: '1' }];
  readonly rerunnable = false;
  readonly load = 'waiting' as const;

  constructor(private readonly settings: AwsProviderSettings = defaultAwsProviderSettings) {}

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
    const client = new ElasticBeanstalkClient(clientConfig(job.action.region));
    let service: AwsService = awsServices.elasticBeanstalk;
    try {
      const { ApplicationName: applicationName = '', EnvironmentName: environmentName = '' } = job.action.configuration;
      if (applicationName === '' || environmentName === '') throw new AwsActionFailure('ConfigurationError', 'ApplicationName and EnvironmentName are required.');
      const target = { applicationName, environmentName };
      // Before uploading anything: an environment that does not exist fails the action with no version made.
      await describeEnvironment(client, target);
      service = awsServices.s3;
      const bundle = await uploadRevision(job, tools, this.settings.artifactBucket, 'Elastic Beanstalk');
      service = awsServices.elasticBeanstalk;
      // Version labels are at most 100 characters; the action execution id makes this one unique.
      const versionLabel = `${job.pipeline.name.slice(0, 60)}-${job.action.actionExecutionId}`;
      await client.send(
        new CreateApplicationVersionCommand({
          ApplicationName: applicationName,
          VersionLabel: versionLabel,
          Description: `${job.pipeline.name} execution ${job.pipeline.executionId}`,
          SourceBundle: { S3Bucket: bundle.bucket, S3Key: bundle.key },
        }),
      );
      const since = new Date(tools.clock.now());
      await client.send(new UpdateEnvironmentCommand({ ApplicationName: applicationName, EnvironmentName: environmentName, VersionLabel: versionLabel }));
      tools.log.line('system', `Deploying version ${versionLabel} to environment ${environmentName}.`);
      const environment = await waitForVersion(client, target, versionLabel, since, { tools, settings: this.settings, signal });
      const summary = `Environment ${environmentName} runs version ${versionLabel} (health ${environment.Health ?? 'unknown'})`;
      tools.log.line('system', summary);
      return { status: 'Succeeded', summary, externalExecutionId: versionLabel };
    } catch (error) {
      signal.throwIfAborted();
      const failure = awsFailure(error, service, job.action.region);
      tools.log.line('system', `Elastic Beanstalk action FAILED: ${failure.message}`);
      return failure;
    } finally {
      client.destroy();
    }
  }
}
