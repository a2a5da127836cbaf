import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DescribeStackSetCommand,
  StackSetNotFoundException,
  UpdateStackSetCommand,
  type Capability,
  type StackSet,
} from '@aws-sdk/client-cloudformation';
import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../../../core/contracts/action-provider.js';
import type { ActionTypeId } from '../../../../core/declaration/types.js';
import { clientConfig, defaultAwsProviderSettings, type AwsProviderSettings } from '../../shared/aws-client-settings.js';
import { awsFailure } from '../../shared/aws-failure.js';
import { awsServices } from '../../shared/aws-service.js';
import { InputArtifacts } from '../../shared/input-artifacts.js';
import { splitByExistence } from './existing-instances.js';
import { readParameters, readTargets, targetsRequest } from './literal-or-file.js';
import { readStackSetConfiguration } from './stack-set-configuration.js';
import { waitForOperation, type OperationContext } from './stack-set-operation.js';
import { stackSetTemplate } from './stack-set-template.js';

/**
 * Deploy/AWS/CloudFormationStackSet, as the StackSets action reference describes it: "Create: When no
 * instances are specified and the stack set does not exist, the action creates the stack set without
 * creating any instances" (with DeploymentTargets and Regions, it then creates those instances);
 * "Update: ... If no instances are specified and the stack set already exists, all instances are
 * updated", and targets without instances get theirs first ("the new instances are deployed first and
 * the update is completed last"). Each stack set operation is waited for (DescribeStackSetOperation).
 * Output variables: StackSetId and OperationId. Not rerunnable: an operation may have started.
 */
export class CloudFormationStackSetProvider implements ActionProvider {
  readonly actionTypes: readonly ActionTypeId[] = [{ category: 'Deploy', owner: 'AWS', provider: 'CloudFormationStackSet', version: '1' }];
  readonly rerunnable = false;
  readonly load = 'waiting' as const;

  constructor(private readonly settings: AwsProviderSettings = defaultAwsProviderSettings) {}

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
    const client = new CloudFormationClient(clientConfig(job.action.region));
    const inputs = new InputArtifacts(job, tools);
    const context: OperationContext = { client, tools, pollIntervalMs: this.settings.pollIntervalMs, signal };
    try {
      const configuration = readStackSetConfiguration(job.action.configuration);
      const artifactNames = job.inputArtifacts.map((artifact) => artifact.name);
      const name = configuration.stackSetName;
      const targets = configuration.deploymentTargets !== undefined ? await readTargets(configuration.deploymentTargets, inputs, artifactNames) : undefined;
      const definition = {
        StackSetName: name,
        ...(await stackSetTemplate(job, tools, inputs, configuration.templatePath, this.settings.artifactBucket)),
        ...(configuration.parameters !== undefined ? { Parameters: await readParameters(configuration.parameters, 'Parameters', inputs, artifactNames) } : {}),
        ...(configuration.description !== undefined ? { Description: configuration.description } : {}),
        ...(configuration.capabilities.length > 0 ? { Capabilities: configuration.capabilities as Capability[] } : {}),
        PermissionModel: configuration.permissionModel,
        ...(configuration.administrationRoleArn !== undefined ? { AdministrationRoleARN: configuration.administrationRoleArn } : {}),
        ...(configuration.executionRoleName !== undefined ? { ExecutionRoleName: configuration.executionRoleName } : {}),
        ...(configuration.autoDeployment !== undefined ? { AutoDeployment: configuration.autoDeployment } : {}),
      };
      const instances = targets !== undefined ? { ...targetsRequest(targets), Regions: configuration.regions, OperationPreferences: configuration.preferences } : undefined;
      const existing = await describeStackSet(client, name);
      let stackSetId: string;
      let operationId: string | undefined;
      if (existing === undefined) {
        tools.log.line('system', `Creating stack set ${name} in ${job.action.region}.`);
        stackSetId = (await client.send(new CreateStackSetCommand(definition))).StackSetId ?? '';
        if (instances !== undefined) {
          operationId = (await client.send(new CreateStackInstancesCommand({ StackSetName: name, ...instances }))).OperationId ?? '';
          await waitForOperation(context, name, operationId, 'CreateStackInstances');
        }
      } else {
        stackSetId = existing.StackSetId ?? '';
        if (targets !== undefined && instances !== undefined) {
          const { missing } = await splitByExistence(client, name, targets, configuration.regions);
          if (missing.length > 0) {
            const created = (await client.send(new CreateStackInstancesCommand({ StackSetName: name, ...targetsRequest(missing), Regions: configuration.regions, OperationPreferences: configuration.preferences }))).OperationId ?? '';
            await waitForOperation(context, name, created, 'CreateStackInstances');
          }
        }
        tools.log.line('system', `Updating stack set ${name} in ${job.action.region}${instances === undefined ? ' and all its instances' : ''}.`);
        operationId = (await client.send(new UpdateStackSetCommand({ ...definition, ...instances }))).OperationId ?? '';
        await waitForOperation(context, name, operationId, 'UpdateStackSet');
      }
      const summary = `Stack set ${name} ${existing === undefined ? 'created' : 'updated'}${operationId !== undefined ? ` (operation ${operationId})` : ''}`;
      tools.log.line('system', summary);
      return {
        status: 'Succeeded',
        summary,
        externalExecutionId: operationId ?? stackSetId,
        outputVariables: { StackSetId: stackSetId, ...(operationId !== undefined ? { OperationId: operationId } : {}) },
      };
    } catch (error) {
      signal.throwIfAborted();
      const failure = awsFailure(error, awsServices.cloudFormation, job.action.region);
      tools.log.line('system', `CloudFormation StackSet action FAILED: ${failure.message}`);
      return failure;
    } finally {
      client.destroy();
      await inputs.release();
    }
  }
}

async function describeStackSet(client: CloudFormationClient, name: string): Promise<StackSet | undefined> {
  try {
    return (await client.send(new DescribeStackSetCommand({ StackSetName: name }))).StackSet;
  } catch (error) {
    if (error instanceof StackSetNotFoundException) return undefined;
    throw error;
  }
}
