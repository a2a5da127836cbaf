import { actionType, bounds, hours, optional, required, userGuide } from './define.js';

/** AWS Lambda invoke: the function gets the CodePipeline job and reports through the job API. */
export const lambdaInvoke = actionType({
  category: 'Invoke',
  provider: 'Lambda',
  description: 'Invokes an AWS Lambda function with the CodePipeline job; the function reports success or failure.',
  documentation: `${userGuide}/action-reference-Lambda.html`,
  properties: [
    required('FunctionName', 'The name of the Lambda function.'),
    optional('UserParameters', 'A string handed to the function in the job data.'),
  ],
  inputArtifacts: bounds(0, 5),
  outputArtifacts: bounds(0, 5),
  // "AWS Lambda invoke action: 24 hours", each invocation answering within 20 minutes (Quotas in AWS CodePipeline).
  defaultTimeoutMinutes: 24 * hours,
});
