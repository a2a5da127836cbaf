import { actionType, bounds, days, optional, required, userGuide } from './define.js';

/** AWS CloudFormation: create, update, delete or change-set a stack from templates in the input artifacts. */
export const cloudFormation = actionType({
  category: 'Deploy',
  provider: 'CloudFormation',
  description: 'Creates, updates or deletes an AWS CloudFormation stack, or creates and executes change sets.',
  documentation: `${userGuide}/action-reference-CloudFormation.html`,
  properties: [
    required('ActionMode', 'CHANGE_SET_EXECUTE, CHANGE_SET_REPLACE, CREATE_UPDATE, DELETE_ONLY or REPLACE_ON_FAILURE.'),
    required('StackName', 'The name of the stack (existing or to create).'),
    optional('Capabilities', 'Comma-separated: CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND; required when the template needs them.'),
    optional('ChangeSetName', 'The name of the change set; required by the change set modes.'),
    optional('RoleArn', 'The ARN of the role CloudFormation assumes for the stack; required by every mode but CHANGE_SET_EXECUTE.'),
    optional('TemplatePath', 'ArtifactName::TemplateFileName of the template; required by the modes that create or replace.'),
    optional('OutputFileName', 'A file of the output artifact that receives the stack outputs as JSON.'),
    optional('ParameterOverrides', 'A JSON object of template parameter values, with Fn::GetParam and Fn::GetArtifactAtt.'),
    optional('TemplateConfiguration', 'ArtifactName::FileName of a template configuration file (Parameters, Tags, StackPolicy).'),
  ],
  inputArtifacts: bounds(0, 10),
  outputArtifacts: bounds(0, 1),
  // "AWS CloudFormation deployment action: 3 days" (Quotas in AWS CodePipeline).
  defaultTimeoutMinutes: 3 * days,
});
