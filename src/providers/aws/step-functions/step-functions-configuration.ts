import { AwsActionFailure } from '../shared/aws-failure.js';

/** A Step Functions invoke action's configuration, as the CodePipeline action reference lists it. */
export interface StepFunctionsConfiguration {
  stateMachineArn: string;
  executionNamePrefix?: string;
  input: { type: 'Literal'; json: string } | { type: 'FilePath'; path: string };
}

export function readStepFunctionsConfiguration(configuration: Readonly<Record<string, string>>): StepFunctionsConfiguration {
  const stateMachineArn = configuration.StateMachineArn ?? '';
  if (stateMachineArn === '') throw new AwsActionFailure('ConfigurationError', 'StateMachineArn is required: the state machine to start.');
  const inputType = configuration.InputType || 'Literal';
  const prefix = configuration.ExecutionNamePrefix || undefined;
  let input: StepFunctionsConfiguration['input'];
  if (inputType === 'Literal') input = { type: 'Literal', json: configuration.Input || '{}' };
  else if (inputType === 'FilePath') {
    if (!configuration.Input) throw new AwsActionFailure('ConfigurationError', 'Input is required when InputType is FilePath: the file of the input artifact that holds the execution input.');
    input = { type: 'FilePath', path: configuration.Input };
  } else throw new AwsActionFailure('ConfigurationError', `InputType must be Literal or FilePath; it is ${JSON.stringify(inputType)}.`);
  return { stateMachineArn, ...(prefix !== undefined ? { executionNamePrefix: prefix } : {}), input };
}

/**
 * "By default, the action execution ID is used as the state machine execution name. If a prefix is
 * provided, it is prepended to the action execution ID with a hyphen" (action reference). Names are
 * at most 80 characters, so a long prefix is cut, never the ID that makes the name unique.
 */
export function executionName(prefix: string | undefined, actionExecutionId: string): string {
  if (prefix === undefined) return actionExecutionId;
  return `${prefix.slice(0, Math.max(0, 80 - actionExecutionId.length - 1))}-${actionExecutionId}`;
}
