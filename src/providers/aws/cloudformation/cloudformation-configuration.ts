import { AwsActionFailure } from '../shared/aws-failure.js';

export const actionModes = ['CREATE_UPDATE', 'DELETE_ONLY', 'REPLACE_ON_FAILURE', 'CHANGE_SET_REPLACE', 'CHANGE_SET_EXECUTE'] as const;
export type ActionMode = (typeof actionModes)[number];

/** A CloudFormation action's configuration, read and checked against what its ActionMode needs. */
export interface CloudFormationConfiguration {
  actionMode: ActionMode;
  stackName: string;
  changeSetName?: string;
  templatePath?: string;
  templateConfiguration?: string;
  parameterOverrides?: string;
  capabilities: string[];
  roleArn?: string;
  outputFileName?: string;
}

/**
 * What each mode needs, as the action reference says: TemplatePath for the modes that create or
 * replace, ChangeSetName for the change set modes. RoleArn is required by AWS in every mode but
 * CHANGE_SET_EXECUTE because CodePipeline passes it on; here it is passed on when given (LocalStack and
 * compatible endpoints need none), so its absence is not refused.
 */
const needs: Record<ActionMode, { template: boolean; changeSet: boolean }> = {
  CREATE_UPDATE: { template: true, changeSet: false },
  REPLACE_ON_FAILURE: { template: true, changeSet: false },
  DELETE_ONLY: { template: false, changeSet: false },
  CHANGE_SET_REPLACE: { template: true, changeSet: true },
  CHANGE_SET_EXECUTE: { template: false, changeSet: true },
};

export function readCloudFormationConfiguration(configuration: Readonly<Record<string, string>>): CloudFormationConfiguration {
  const mode = configuration.ActionMode ?? '';
  if (!(actionModes as readonly string[]).includes(mode)) {
    throw new AwsActionFailure('ConfigurationError', `ActionMode must be one of ${actionModes.join(', ')}; it is ${JSON.stringify(mode)}.`);
  }
  const actionMode = mode as ActionMode;
  const stackName = configuration.StackName ?? '';
  if (stackName === '') throw new AwsActionFailure('ConfigurationError', 'StackName is required: the stack to create, update or delete.');
  const need = needs[actionMode];
  if (need.template && !configuration.TemplatePath) {
    throw new AwsActionFailure('ConfigurationError', `TemplatePath is required with ActionMode ${actionMode}: ArtifactName::TemplateFileName.`);
  }
  if (need.changeSet && !configuration.ChangeSetName) throw new AwsActionFailure('ConfigurationError', `ChangeSetName is required with ActionMode ${actionMode}.`);
  const optional = (name: string): string | undefined => (configuration[name] === undefined || configuration[name] === '' ? undefined : configuration[name]);
  const changeSetName = optional('ChangeSetName');
  const templatePath = optional('TemplatePath');
  const templateConfiguration = optional('TemplateConfiguration');
  const parameterOverrides = optional('ParameterOverrides');
  const roleArn = optional('RoleArn');
  const outputFileName = optional('OutputFileName');
  return {
    actionMode,
    stackName,
    ...(changeSetName !== undefined ? { changeSetName } : {}),
    ...(templatePath !== undefined ? { templatePath } : {}),
    ...(templateConfiguration !== undefined ? { templateConfiguration } : {}),
    ...(parameterOverrides !== undefined ? { parameterOverrides } : {}),
    capabilities: (configuration.Capabilities ?? '')
      .split(',')
      .map((capability) => capability.trim())
      .filter((capability) => capability !== ''),
    ...(roleArn !== undefined ? { roleArn } : {}),
    ...(outputFileName !== undefined ? { outputFileName } : {}),
  };
}
