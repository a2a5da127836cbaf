import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../../core/contracts/action-provider.js';
import type { ActionTypeId } from '../../../core/declaration/types.js';
import { clientConfig, defaultAwsProviderSettings, type AwsProviderSettings } from '../shared/aws-client-settings.js';
import { awsFailure } from '../shared/aws-failure.js';
import { awsServices } from '../shared/aws-service.js';
import { InputArtifacts } from '../shared/input-artifacts.js';
import { readCloudFormationConfiguration, type CloudFormationConfiguration } from './cloudformation-configuration.js';
import { resolveParameterOverrides } from './parameter-overrides.js';
import { stackModes, type StackRequest } from './stack-modes.js';
import { outputFileArtifact, stackOutputVariables } from './stack-outputs.js';
import { readTemplateConfiguration } from './template-configuration.js';
import { templateBodyLimit, templateUrlFor } from './large-template.js';

/**
 * The CloudFormation deploy action (Deploy/AWS/CloudFormation), run by calling CloudFormation with the
 * AWS SDK in the action's region: the template and template configuration come from the input
 * artifacts, ParameterOverrides are resolved here (Fn::GetParam, Fn::GetArtifactAtt), then the
 * ActionMode's calls are made and the stack waited for. The stack's outputs become the action's output
 * variables and, with OutputFileName, a JSON file in the output artifact. Not rerunnable: a stack
 * operation may have started.
 */
export class CloudFormationProvider implements ActionProvider {
  readonly actionTypes: readonly ActionTypeId[] = [{ category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' }];
  readonly rerunnable = false;
  /** CloudFormation does the work; the action waits for it. */
  readonly load = 'waiting' as const;

  constructor(private readonly settings: AwsProviderSettings = defaultAwsProviderSettings) {}

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
    const client = new CloudFormationClient(clientConfig(job.action.region));
    const inputs = new InputArtifacts(job, tools);
    try {
      const configuration = readCloudFormationConfiguration(job.action.configuration);
      const request = await stackRequest(configuration, inputs, tools.apiUrl);
      if (request.templateBody !== undefined && Buffer.byteLength(request.templateBody) > templateBodyLimit) {
        request.templateUrl = await templateUrlFor(job, tools, configuration.templatePath ?? '', request.templateBody, this.settings.artifactBucket);
      }
      tools.log.line('system', `CloudFormation ${configuration.actionMode} of stack ${configuration.stackName} in ${job.action.region}.`);
      const result = await stackModes[configuration.actionMode]({ client, tools, settings: this.settings, signal }, request);
      const outputVariables = stackOutputVariables(result.stack);
      const outputArtifacts = configuration.outputFileName !== undefined ? await outputFileArtifact(job, tools, configuration.outputFileName, outputVariables) : undefined;
      tools.log.line('system', result.summary);
      return {
        status: 'Succeeded',
        summary: result.summary,
        ...(result.stack?.StackId !== undefined ? { externalExecutionId: result.stack.StackId } : {}),
        outputVariables,
        ...(outputArtifacts !== undefined ? { outputArtifacts } : {}),
      };
    } catch (error) {
      signal.throwIfAborted();
      const failure = awsFailure(error, awsServices.cloudFormation, job.action.region);
      tools.log.line('system', `CloudFormation action FAILED: ${failure.message}`);
      return failure;
    } finally {
      client.destroy();
      await inputs.release();
    }
  }
}

async function stackRequest(configuration: CloudFormationConfiguration, inputs: InputArtifacts, apiUrl: string): Promise<StackRequest> {
  const templateConfiguration =
    configuration.templateConfiguration !== undefined
      ? readTemplateConfiguration(await inputs.fileAt(configuration.templateConfiguration, 'TemplateConfiguration'), `TemplateConfiguration ${configuration.templateConfiguration}`)
      : undefined;
  const overrides = configuration.parameterOverrides !== undefined ? await resolveParameterOverrides(configuration.parameterOverrides, inputs, apiUrl) : {};
  return {
    stackName: configuration.stackName,
    ...(configuration.changeSetName !== undefined ? { changeSetName: configuration.changeSetName } : {}),
    ...(configuration.templatePath !== undefined ? { templateBody: await inputs.fileAt(configuration.templatePath, 'TemplatePath') } : {}),
    // "Parameter overrides take precedence over the template configuration file's parameters."
    parameters: { ...templateConfiguration?.parameters, ...overrides },
    capabilities: configuration.capabilities,
    ...(configuration.roleArn !== undefined ? { roleArn: configuration.roleArn } : {}),
    tags: templateConfiguration?.tags ?? {},
    ...(templateConfiguration?.stackPolicy !== undefined ? { stackPolicy: templateConfiguration.stackPolicy } : {}),
  };
}
