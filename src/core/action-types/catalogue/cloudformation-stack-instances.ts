import { actionType, bounds, optional, required, userGuide } from './define.js';

/** CloudFormationStackInstances: deploys a stack set's latest template to instances, with overrides. */
export const cloudFormationStackInstances = actionType({
  category: 'Deploy',
  provider: 'CloudFormationStackInstances',
  description: 'Creates or updates the stack instances of an AWS CloudFormation stack set in accounts and Regions.',
  documentation: `${userGuide}/action-reference-StackSets.html#action-reference-StackInstances`,
  properties: [
    required('StackSetName', 'The name of the stack set.'),
    optional('DeploymentTargets', 'Account IDs or organizational unit IDs, a comma-separated list or ArtifactName::FileName.'),
    required('Regions', 'Comma-separated Regions the stack instances are deployed to.'),
    optional('ParameterOverrides', 'Parameter values that override the stack set\'s for these instances.'),
    optional('FailureTolerancePercentage', 'The percentage of accounts per Region in which stack operations may fail.', { type: 'Number' }),
    optional('MaxConcurrentPercentage', 'The percentage of accounts deployed to at once.', { type: 'Number' }),
  ],
  inputArtifacts: bounds(0, 2),
  outputArtifacts: bounds(0),
});
