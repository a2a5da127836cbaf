import { CloudFormationClient, CreateStackInstancesCommand, DescribeStackSetCommand, UpdateStackInstancesCommand } from '@aws-sdk/client-cloudformation';
import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../../../core/contracts/action-provider.js';
import type { ActionTypeId } from '../../../../core/declaration/types.js';
import { clientConfig, defaultAwsProviderSettings, type AwsProviderSettings } from '../../shared/aws-client-settings.js';
import { awsFailure } from '../../shared/aws-failure.js';
import { awsServices } from '../../shared/aws-service.js';
import { InputArtifacts } from '../../shared/input-artifacts.js';
import { splitByExistence } from './existing-instances.js';
import { readParameters, readTargets, targetsRequest } from './literal-or-file.js';
import { readStackInstancesConfiguration } from './stack-set-configuration.js';
import { waitForOperation, type OperationContext } from './stack-set-operation.js';

/**
 * Deploy/AWS/CloudFormationStackInstances: "creates new stack instances or updates outdated stack
 * instances" of an existing stack set in the DeploymentTargets and Regions, with ParameterOverrides
 * for those instances (StackSets action reference). Targets lacking an instance in a Region get it
 * with CreateStackInstances; the others are brought up to date with UpdateStackInstances. Output
 * variables: StackSetId and OperationId (the last operation's).
 */
export class CloudFormationStackInstancesProvider implements ActionProvider {
  readonly actionTypes: readonly ActionTypeId[] = [{ category: 'Deploy', owner: 'AWS', provider: 'CloudFormationStackInstances', version: '1' }];
  readonly rerunnable = false;
  readonly load = 'waiting' as const;

  constructor(private readonly settings: AwsProviderSettings = defaultAwsProviderSettings) {}

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
    const client = new CloudFormationClient(clientConfig(job.action.region));
    const inputs = new InputArtifacts(job, tools);
    const context: OperationContext = { client, tools, pollIntervalMs: this.settings.pollIntervalMs, signal };
    try {
      const configuration = readStackInstancesConfiguration(job.action.configuration);
      const artifactNames = job.inputArtifacts.map((artifact) => artifact.name);
      const name = configuration.stackSetName;
      const targets = await readTargets(configuration.deploymentTargets ?? '', inputs, artifactNames);
      const overrides = configuration.parameterOverrides !== undefined ? await readParameters(configuration.parameterOverrides, 'ParameterOverrides', inputs, artifactNames) : undefined;
      // A stack set that does not exist fails here with CloudFormation's StackSetNotFoundException.
      const { StackSet: stackSet } = await client.send(new DescribeStackSetCommand({ StackSetName: name }));
      const common = { StackSetName: name, Regions: configuration.regions, OperationPreferences: configuration.preferences, ...(overrides !== undefined ? { ParameterOverrides: overrides } : {}) };
      const { missing, existing } = await splitByExistence(client, name, targets, configuration.regions);
      let operationId = '';
      if (missing.length > 0) {
        operationId = (await client.send(new CreateStackInstancesCommand({ ...common, ...targetsRequest(missing) }))).OperationId ?? '';
        await waitForOperation(context, name, operationId, 'CreateStackInstances');
      }
      if (existing.length > 0) {
        operationId = (await client.send(new UpdateStackInstancesCommand({ ...common, ...targetsRequest(existing) }))).OperationId ?? '';
        await waitForOperation(context, name, operationId, 'UpdateStackInstances');
      }
      const summary = `Stack instances of ${name}: ${missing.length} target(s) created, ${existing.length} updated in ${configuration.regions.join(', ')}`;
      tools.log.line('system', summary);
      return { status: 'Succeeded', summary, externalExecutionId: operationId, outputVariables: { StackSetId: stackSet?.StackSetId ?? '', OperationId: operationId } };
    } catch (error) {
      signal.throwIfAborted();
      const failure = awsFailure(error, awsServices.cloudFormation, job.action.region);
      tools.log.line('system', `CloudFormation StackInstances action FAILED: ${failure.message}`);
      return failure;
    } finally {
      client.destroy();
      await inputs.release();
    }
  }
}
