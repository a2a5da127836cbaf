import { DescribeExecutionCommand, DescribeStateMachineCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ActionJob, ActionOutcome, ActionProvider, ProviderTools } from '../../../core/contracts/action-provider.js';
import type { ActionTypeId } from '../../../core/declaration/types.js';
import { clientConfig, defaultAwsProviderSettings, type AwsProviderSettings } from '../shared/aws-client-settings.js';
import { AwsActionFailure, awsFailure } from '../shared/aws-failure.js';
import { awsServices } from '../shared/aws-service.js';
import { InputArtifacts, parseJson } from '../shared/input-artifacts.js';
import { pollUntil } from '../shared/poll.js';
import { executionVariables, outputArtifact } from './execution-output.js';
import { executionName, readStepFunctionsConfiguration } from './step-functions-configuration.js';

/**
 * The Step Functions invoke action (Invoke/AWS/StepFunctions): StartExecution with the literal input
 * or a file of the input artifact, named after the action execution. The state machine's type decides
 * the rest, as the action reference's "Behavior" says. STANDARD: DescribeExecution until the execution
 * ends; SUCCEEDED succeeds with the output as variables (and output.json); FAILED, TIMED_OUT and ABORTED
 * fail with Step Functions' error and cause. EXPRESS: "the action does not wait for the state machine
 * execution to complete" and succeeds once it started, with StateMachineArn as its only variable; it
 * cannot have an output artifact. Not rerunnable: the execution may have acted.
 */
export class StepFunctionsProvider implements ActionProvider {
  readonly actionTypes: readonly ActionTypeId[] = [{ category: 'Invoke', owner: 'AWS', provider: 'StepFunctions', version: '1' }];
  readonly rerunnable = false;
  readonly load = 'waiting' as const;

  constructor(private readonly settings: AwsProviderSettings = defaultAwsProviderSettings) {}

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome> {
    const client = new SFNClient(clientConfig(job.action.region));
    const inputs = new InputArtifacts(job, tools);
    try {
      const configuration = readStepFunctionsConfiguration(job.action.configuration);
      const input = configuration.input.type === 'Literal' ? configuration.input.json : await inputs.file(onlyInput(job), configuration.input.path, 'Input');
      parseJson(input, configuration.input.type === 'Literal' ? 'Input' : `Input ${configuration.input.path}`);
      const name = executionName(configuration.executionNamePrefix, job.action.actionExecutionId);
      const { type } = await client.send(new DescribeStateMachineCommand({ stateMachineArn: configuration.stateMachineArn }));
      const express = type === 'EXPRESS';
      if (express && job.outputArtifacts.length > 0) {
        throw new AwsActionFailure('ConfigurationError', `${configuration.stateMachineArn} is an EXPRESS state machine: an express state machine's action cannot designate an output artifact (${job.outputArtifacts.map((artifact) => artifact.name).join(', ')}).`);
      }
      const { executionArn = '' } = await client.send(new StartExecutionCommand({ stateMachineArn: configuration.stateMachineArn, name, input }));
      tools.log.line('system', `Started execution ${executionArn}.`);
      if (express) {
        const summary = `Express execution ${name} started; CodePipeline does not wait for express executions`;
        tools.log.line('system', summary);
        return { status: 'Succeeded', summary, externalExecutionId: executionArn, outputVariables: { StateMachineArn: configuration.stateMachineArn } };
      }
      tools.progress({ externalExecutionId: executionArn, summary: 'RUNNING' });
      const execution = await pollUntil(
        () => client.send(new DescribeExecutionCommand({ executionArn })),
        (found) => found.status !== 'RUNNING' && found.status !== 'PENDING_REDRIVE',
        { intervalMs: this.settings.pollIntervalMs, signal },
      );
      if (execution.status !== 'SUCCEEDED') {
        const detail = [execution.error, execution.cause].filter((part) => part !== undefined && part !== '').join(': ');
        throw new AwsActionFailure('JobFailed', `Execution ${name} of ${configuration.stateMachineArn} ended ${execution.status}${detail !== '' ? `: ${detail}` : ''}`);
      }
      const outputArtifacts = await outputArtifact(job, tools, execution.output);
      const summary = `Execution ${name} succeeded`;
      tools.log.line('system', `${summary}; output: ${execution.output ?? '(none)'}`);
      return {
        status: 'Succeeded',
        summary,
        externalExecutionId: executionArn,
        outputVariables: executionVariables(configuration.stateMachineArn, executionArn, execution.output),
        ...(outputArtifacts !== undefined ? { outputArtifacts } : {}),
      };
    } catch (error) {
      signal.throwIfAborted();
      const failure = awsFailure(error, awsServices.stepFunctions, job.action.region);
      tools.log.line('system', `Step Functions action FAILED: ${failure.message}`);
      return failure;
    } finally {
      client.destroy();
      await inputs.release();
    }
  }
}

function onlyInput(job: ActionJob): string {
  const input = job.inputArtifacts[0];
  if (input === undefined) throw new AwsActionFailure('ConfigurationError', 'InputType FilePath reads the input from the input artifact; this action has none.');
  return input.name;
}
