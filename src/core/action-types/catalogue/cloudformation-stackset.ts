import { actionType, bounds, optional, required, userGuide } from './define.js';

/** CloudFormationStackSet: creates or updates a stack set and deploys it to its instances. */
export const cloudFormationStackSet = actionType({
  category: 'Deploy',
  provider: 'CloudFormationStackSet',
  description: 'Creates or updates an AWS CloudFormation stack set from a template in the input artifacts, and its stack instances.',
  documentation: `${userGuide}/action-reference-StackSets.html#action-reference-StackSet`,
  properties: [
    required('StackSetName', 'The name of the stack set.'),
    optional('Description', 'A description of the stack set.'),
    required('TemplatePath', 'ArtifactName::TemplateFileName of the stack set template.'),
    optional('Parameters', 'The stack set parameters: a list of ParameterKey/ParameterValue, or ArtifactName::FileName of a JSON file.'),
    optional('Capabilities', 'Comma-separated: CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND.'),
    optional('PermissionModel', 'SELF_MANAGED (default) or SERVICE_MANAGED.'),
    optional('AdministrationRoleArn', 'The administrator role (self-managed permissions).'),
    optional('ExecutionRoleName', 'The name of the execution role in the target accounts (self-managed permissions).'),
    optional('OrganizationsAutoDeployment', 'Enabled, Disabled or EnabledWithStackRetention (service-managed permissions).'),
    optional('DeploymentTargets', 'Account IDs or organizational unit IDs, a comma-separated list or ArtifactName::FileName.'),
    optional('Regions', 'Comma-separated Regions the stack instances are deployed to.'),
    optional('FailureTolerancePercentage', 'The percentage of accounts per Region in which stack operations may fail.', { type: 'Number' }),
    optional('MaxConcurrentPercentage', 'The percentage of accounts deployed to at once.', { type: 'Number' }),
  ],
  inputArtifacts: bounds(1, 3),
  outputArtifacts: bounds(0),
});
