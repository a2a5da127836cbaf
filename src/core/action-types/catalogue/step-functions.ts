import { actionType, bounds, days, optional, required, userGuide } from './define.js';

/** AWS Step Functions: starts a state machine execution and waits for it. */
export const stepFunctionsInvoke = actionType({
  category: 'Invoke',
  provider: 'StepFunctions',
  description: 'Starts an AWS Step Functions state machine execution and waits for its end.',
  documentation: `${userGuide}/action-reference-StepFunctions.html`,
  properties: [
    required('StateMachineArn', 'The ARN of the state machine.'),
    optional('ExecutionNamePrefix', 'A prefix of the execution name (the rest is the action execution ID).'),
    optional('InputType', 'Literal (default) or FilePath.'),
    optional('Input', 'The execution input: JSON (Literal) or a file of the input artifact (FilePath, then required).'),
  ],
  inputArtifacts: bounds(0, 1),
  outputArtifacts: bounds(0, 1),
  // "Step Functions invoke action: 7 days" (Quotas in AWS CodePipeline).
  defaultTimeoutMinutes: 7 * days,
});
