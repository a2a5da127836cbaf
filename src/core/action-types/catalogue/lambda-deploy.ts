import { actionType, bounds, optional, required, userGuide } from './define.js';

/** AWS Lambda deploy: publishes a function version and shifts an alias to it. */
export const lambdaDeploy = actionType({
  category: 'Deploy',
  provider: 'Lambda',
  description: 'Deploys a new version of an AWS Lambda function and shifts an alias\'s traffic to it (all at once, canary or linear).',
  documentation: `${userGuide}/action-reference-LambdaDeploy.html`,
  properties: [
    required('FunctionName', 'The name of the Lambda function.'),
    optional('FunctionAlias', 'The alias that receives the new version (default: $LATEST and a new version).'),
    optional('PublishedTargetVersion', 'An already published version to deploy to the alias; required without an input artifact.'),
    optional('DeployStrategy', 'AllAtOnce (default), Canary<P>Percent<M>Minutes or Linear<P>PercentEvery<M>Minute(s).'),
    optional('Alarms', 'Comma-separated CloudWatch alarms (at most 10) that fail the deployment.'),
  ],
  // The reference says 1 input artifact, and that PublishedTargetVersion "is required if no input artifact is provided".
  inputArtifacts: bounds(0, 1),
  outputArtifacts: bounds(0),
  // "This action is only supported for V2 type pipelines."
  v2Only: true,
});
