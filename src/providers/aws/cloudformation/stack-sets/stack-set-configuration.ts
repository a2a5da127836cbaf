import type { StackSetOperationPreferences } from '@aws-sdk/client-cloudformation';
import { AwsActionFailure } from '../../shared/aws-failure.js';

/** The configuration both StackSets actions share, as the CodePipeline User Guide's StackSets action reference lists it. */
export interface StackSetTargets {
  stackSetName: string;
  /** DeploymentTargets as given: a literal list or ArtifactName::FileName, read later. */
  deploymentTargets?: string;
  regions: string[];
  preferences?: StackSetOperationPreferences;
}

export interface StackSetConfiguration extends StackSetTargets {
  description?: string;
  templatePath: string;
  parameters?: string;
  capabilities: string[];
  permissionModel: 'SELF_MANAGED' | 'SERVICE_MANAGED';
  administrationRoleArn?: string;
  executionRoleName?: string;
  autoDeployment?: { Enabled: boolean; RetainStacksOnAccountRemoval?: boolean };
}

export interface StackInstancesConfiguration extends StackSetTargets {
  parameterOverrides?: string;
}

/** "The name may only contain alphanumeric and hyphen characters. It must begin with an alphabetic character and be 128 characters or fewer." */
const stackSetNamePattern = /^[a-zA-Z][a-zA-Z0-9-]{0,127}$/;
const regionPattern = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** OrganizationsAutoDeployment's values and what CreateStackSet's AutoDeployment makes of them. */
const autoDeployments: Record<string, StackSetConfiguration['autoDeployment']> = {
  Enabled: { Enabled: true, RetainStacksOnAccountRemoval: false },
  EnabledWithStackRetention: { Enabled: true, RetainStacksOnAccountRemoval: true },
  Disabled: { Enabled: false },
};

type Configuration = Readonly<Record<string, string>>;
const optional = (configuration: Configuration, name: string): string | undefined => (configuration[name] === undefined || configuration[name] === '' ? undefined : configuration[name]);

function readTargets(configuration: Configuration, regionsRequired: boolean): StackSetTargets {
  const stackSetName = configuration.StackSetName ?? '';
  if (!stackSetNamePattern.test(stackSetName)) {
    throw new AwsActionFailure('ConfigurationError', `StackSetName ${JSON.stringify(stackSetName)} must begin with a letter and hold only letters, digits and hyphens, 128 characters at most.`);
  }
  const regions = (configuration.Regions ?? '').split(',').map((region) => region.trim()).filter((region) => region !== '');
  const bad = regions.find((region) => !regionPattern.test(region));
  if (bad !== undefined) throw new AwsActionFailure('ConfigurationError', `Regions: ${JSON.stringify(bad)} is not an AWS Region such as us-west-2.`);
  if (regionsRequired && regions.length === 0) throw new AwsActionFailure('ConfigurationError', 'Regions is required: the Regions the stack instances are created or updated in, as Region1,Region2.');
  const deploymentTargets = optional(configuration, 'DeploymentTargets');
  // "When this parameter is selected, you must also select Regions" (and the other way round).
  if ((deploymentTargets !== undefined) !== (regions.length > 0)) {
    throw new AwsActionFailure('ConfigurationError', 'DeploymentTargets and Regions go together: give both, or neither.');
  }
  const preferences: StackSetOperationPreferences = { RegionOrder: regions };
  for (const [setting, field] of [['FailureTolerancePercentage', 'FailureTolerancePercentage'], ['MaxConcurrentPercentage', 'MaxConcurrentPercentage']] as const) {
    const value = optional(configuration, setting);
    if (value === undefined) continue;
    const percentage = Number(value);
    if (!Number.isInteger(percentage) || percentage < 0 || percentage > 100 || (field === 'MaxConcurrentPercentage' && percentage < 1)) {
      throw new AwsActionFailure('ConfigurationError', `${setting} must be a whole percentage (${field === 'MaxConcurrentPercentage' ? '1' : '0'} to 100); it is ${JSON.stringify(value)}.`);
    }
    preferences[field] = percentage;
  }
  return { stackSetName, ...(deploymentTargets !== undefined ? { deploymentTargets } : {}), regions, ...(regions.length > 0 ? { preferences } : {}) };
}

export function readStackSetConfiguration(configuration: Configuration): StackSetConfiguration {
  const targets = readTargets(configuration, false);
  const templatePath = optional(configuration, 'TemplatePath');
  if (templatePath === undefined) throw new AwsActionFailure('ConfigurationError', 'TemplatePath is required: InputArtifactName::TemplateFileName of the stack set template.');
  const permissionModel = optional(configuration, 'PermissionModel') ?? 'SELF_MANAGED';
  if (permissionModel !== 'SELF_MANAGED' && permissionModel !== 'SERVICE_MANAGED') {
    throw new AwsActionFailure('ConfigurationError', `PermissionModel must be SELF_MANAGED or SERVICE_MANAGED; it is ${JSON.stringify(permissionModel)}.`);
  }
  const administrationRoleArn = optional(configuration, 'AdministrationRoleArn');
  const executionRoleName = optional(configuration, 'ExecutionRoleName');
  if (permissionModel === 'SERVICE_MANAGED' && (administrationRoleArn !== undefined || executionRoleName !== undefined)) {
    throw new AwsActionFailure('ConfigurationError', 'AdministrationRoleArn and ExecutionRoleName are for the SELF_MANAGED permission model: with SERVICE_MANAGED, StackSets creates the roles.');
  }
  const autoDeploymentValue = optional(configuration, 'OrganizationsAutoDeployment');
  let autoDeployment: StackSetConfiguration['autoDeployment'];
  if (autoDeploymentValue !== undefined) {
    autoDeployment = autoDeployments[autoDeploymentValue];
    if (autoDeployment === undefined) throw new AwsActionFailure('ConfigurationError', `OrganizationsAutoDeployment must be Enabled, Disabled or EnabledWithStackRetention; it is ${JSON.stringify(autoDeploymentValue)}.`);
    if (permissionModel !== 'SERVICE_MANAGED') throw new AwsActionFailure('ConfigurationError', 'OrganizationsAutoDeployment is for the SERVICE_MANAGED permission model.');
  }
  const description = optional(configuration, 'Description');
  const parameters = optional(configuration, 'Parameters');
  return {
    ...targets,
    templatePath,
    permissionModel,
    capabilities: (configuration.Capabilities ?? '').split(',').map((capability) => capability.trim()).filter((capability) => capability !== ''),
    ...(description !== undefined ? { description } : {}),
    ...(parameters !== undefined ? { parameters } : {}),
    ...(administrationRoleArn !== undefined ? { administrationRoleArn } : {}),
    ...(executionRoleName !== undefined ? { executionRoleName } : {}),
    ...(autoDeployment !== undefined ? { autoDeployment } : {}),
  };
}

export function readStackInstancesConfiguration(configuration: Configuration): StackInstancesConfiguration {
  const parameterOverrides = optional(configuration, 'ParameterOverrides');
  return { ...readTargets(configuration, true), ...(parameterOverrides !== undefined ? { parameterOverrides } : {}) };
}
