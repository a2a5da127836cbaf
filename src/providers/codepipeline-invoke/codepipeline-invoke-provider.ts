import { CodePipelineClient, CodePipelineServiceException, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import type { ActionJob, ActionOutcome, ActionProvider, FailureType, ProviderTools } from '../../core/contracts/action-provider.js';
import type { ActionTypeId } from '../../core/declaration/types.js';
import { InvokeConfigurationError, readInvokeConfiguration } from './invoke-configuration.js';

/** Exceptions that say the action is configured wrong, not that starting failed this time. */
const configurationExceptions = new Set(['PipelineNotFoundException', 'ValidationException']);

/**
 * The CodePipeline invoke action (Invoke/AWS/CodePipeline): starts another pipeline with the
 * configured variables and source revisions, and succeeds once the execution has started; like AWS's,
 * it does not wait for the other pipeline to finish. The child execution's id is the action's
 * externalExecutionId.
 *
 * Providers never call the engine: the start goes through this server's API over HTTP, as any client's
 * would. Its clientRequestToken is the action execution's id, so a run of the action repeated after a
 * crash starts the other pipeline once only: rerunnable.
 */
export class CodePipelineInvokeProvider implements ActionProvider {
  readonly actionTypes: readonly ActionTypeId[] = [{ category: 'Invoke', owner: 'AWS', provider: 'CodePipeline', version: '1' }];
  readonly rerunnable = true;

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
    let configuration;
    try {
      configuration = readInvokeConfiguration(job.action.configuration);
    } catch (error) {
      if (error instanceof InvokeConfigurationError) return failure(tools, 'ConfigurationError', error.message);
      throw error;
    }
    const client = new CodePipelineClient({
      endpoint: tools.apiUrl,
      region: job.action.region,
      // The pipeline's role: the server's service credentials (any pass in none mode, where the key id names the caller).
      credentials: tools.serviceCredentials?.() ?? { accessKeyId: 'codepipeline-invoke', secretAccessKey: 'pipewright' },
    });
    try {
      tools.log.line('system', `Starting pipeline ${configuration.pipelineName}${describe(configuration)}.`);
      const started = await client.send(
        new StartPipelineExecutionCommand({
          name: configuration.pipelineName,
          clientRequestToken: job.action.actionExecutionId,
          ...(configuration.variables !== undefined ? { variables: configuration.variables } : {}),
          ...(configuration.sourceRevisions !== undefined ? { sourceRevisions: configuration.sourceRevisions } : {}),
        }),
        { abortSignal: signal },
      );
      const executionId = started.pipelineExecutionId ?? '';
      const summary = `Started pipeline ${configuration.pipelineName}: execution ${executionId}`;
      tools.log.line('system', summary);
      return { status: 'Succeeded', summary, externalExecutionId: executionId };
    } catch (error) {
      if (error instanceof CodePipelineServiceException) {
        const type: FailureType = configurationExceptions.has(error.name) ? 'ConfigurationError' : 'JobFailed';
        return failure(tools, type, `Pipeline ${configuration.pipelineName} could not be started: ${error.name}: ${error.message}`);
      }
      if (signal.aborted) throw error;
      return failure(tools, 'SystemUnavailable', `Pipeline ${configuration.pipelineName} could not be started: ${(error as Error).message}`);
    } finally {
      client.destroy();
    }
  }
}

function describe(configuration: ReturnType<typeof readInvokeConfiguration>): string {
  const parts = [
    ...(configuration.variables ?? []).map((variable) => `${variable.name}=${variable.value}`),
    ...(configuration.sourceRevisions ?? []).map((revision) => `${revision.actionName}@${revision.revisionType}:${revision.revisionValue}`),
  ];
  return parts.length === 0 ? '' : ` with ${parts.join(', ')}`;
}

function failure(tools: ProviderTools, failureType: FailureType, message: string): ActionOutcome {
  tools.log.line('system', `FAILED: ${message}`);
  return { status: 'Failed', failureType, message };
}
