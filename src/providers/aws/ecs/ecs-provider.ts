import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand, UpdateServiceCommand, type Service } from '@aws-sdk/client-ecs';
import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../../core/contracts/action-provider.js';
import type { ActionTypeId } from '../../../core/declaration/types.js';
import { clientConfig, defaultAwsProviderSettings, type AwsProviderSettings } from '../shared/aws-client-settings.js';
import { AwsActionFailure, awsFailure } from '../shared/aws-failure.js';
import { awsServices } from '../shared/aws-service.js';
import { InputArtifacts } from '../shared/input-artifacts.js';
import { pollUntil } from '../shared/poll.js';
import { readEcsConfiguration, readImageDefinitions } from './ecs-configuration.js';
import { serviceStability } from './service-stability.js';
import { nextRevision } from './task-definition-revision.js';

/**
 * The Amazon ECS standard deploy action (Deploy/AWS/ECS): imagedefinitions.json from the input
 * artifact → a new revision of the service's current task definition with those images →
 * UpdateService → waits until the service is stable (DeploymentTimeout), all through the AWS SDK in the
 * action's region. Not rerunnable: a deployment may have started.
 */
export class EcsProvider implements ActionProvider {
  readonly actionTypes: readonly ActionTypeId[] = [{ category: 'Deploy', owner: 'AWS', provider: 'ECS', version: '1' }];
  readonly rerunnable = false;
  readonly load = 'waiting' as const;

  constructor(private readonly settings: AwsProviderSettings = defaultAwsProviderSettings) {}

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
    const client = new ECSClient(clientConfig(job.action.region));
    const inputs = new InputArtifacts(job, tools);
    try {
      const configuration = readEcsConfiguration(job.action.configuration);
      const input = job.inputArtifacts[0];
      if (input === undefined) throw new AwsActionFailure('ConfigurationError', 'An ECS deploy action takes one input artifact holding the image definitions file.');
      const images = readImageDefinitions(await inputs.file(input.name, configuration.fileName, 'FileName'), configuration.fileName);
      const { clusterName: cluster, serviceName } = configuration;
      const service = await describeService(client, cluster, serviceName);
      const { taskDefinition, tags = [] } = await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition, include: ['TAGS'] }));
      if (taskDefinition === undefined) throw new AwsActionFailure('JobFailed', `Amazon ECS returned no task definition ${service.taskDefinition}.`);
      const registered = await client.send(new RegisterTaskDefinitionCommand(nextRevision(taskDefinition, tags, images)));
      const revisionArn = registered.taskDefinition?.taskDefinitionArn ?? '';
      tools.log.line('system', `Registered ${revisionArn} with ${images.map((image) => `${image.name}=${image.imageUri}`).join(', ')}.`);
      await client.send(new UpdateServiceCommand({ cluster, service: serviceName, taskDefinition: revisionArn }));
      tools.log.line('system', `Updated service ${serviceName} in cluster ${cluster}; waiting for it to be stable.`);
      const deadline = tools.clock.now() + configuration.deploymentTimeoutMs;
      const final = await pollUntil(
        async () => {
          const stability = serviceStability(await describeService(client, cluster, serviceName));
          if (stability.state === 'deploying' && tools.clock.now() > deadline) {
            throw new AwsActionFailure('JobFailed', `Service ${serviceName} did not become stable within the DeploymentTimeout (${configuration.deploymentTimeoutMs / 60_000} minutes): ${stability.summary}.`);
          }
          return stability;
        },
        (stability) => stability.state !== 'deploying',
        { intervalMs: this.settings.pollIntervalMs, signal, onRead: (stability) => stability.state === 'deploying' && tools.progress({ summary: stability.summary }) },
      );
      if (final.state === 'failed') throw new AwsActionFailure('JobFailed', `The deployment of ${revisionArn} to service ${serviceName} failed: ${final.reason}`);
      const summary = `Service ${serviceName} in cluster ${cluster} is stable on ${revisionArn}`;
      tools.log.line('system', summary);
      return { status: 'Succeeded', summary, externalExecutionId: revisionArn };
    } catch (error) {
      signal.throwIfAborted();
      const failure = awsFailure(error, awsServices.ecs, job.action.region);
      tools.log.line('system', `ECS deploy FAILED: ${failure.message}`);
      return failure;
    } finally {
      client.destroy();
      await inputs.release();
    }
  }
}

async function describeService(client: ECSClient, cluster: string, serviceName: string): Promise<Service> {
  const { services = [], failures = [] } = await client.send(new DescribeServicesCommand({ cluster, services: [serviceName] }));
  const service = services[0];
  if (service === undefined || service.status === 'INACTIVE') {
    const reason = failures[0]?.reason ?? service?.status ?? 'MISSING';
    throw new AwsActionFailure('JobFailed', `The service ${serviceName} is not in cluster ${cluster} (${reason}).`);
  }
  return service;
}
