import { describe, expect, it } from 'vitest';
import { readStackInstancesConfiguration, readStackSetConfiguration } from '../../../src/providers/aws/cloudformation/stack-sets/stack-set-configuration.js';

const base = { StackSetName: 'my-stackset', TemplatePath: 'SourceArtifact::template.json' };

/** The rules of the StackSets action reference's configuration parameters (action-reference-StackSets.html). */
describe('StackSets action configuration', () => {
  it.each([
    [{ ...base, StackSetName: '1-starts-with-a-digit' }, 'StackSetName "1-starts-with-a-digit" must begin with a letter and hold only letters, digits and hyphens, 128 characters at most.'],
    [{ ...base, TemplatePath: '' }, 'TemplatePath is required: InputArtifactName::TemplateFileName of the stack set template.'],
    [{ ...base, DeploymentTargets: '111111222222' }, 'DeploymentTargets and Regions go together: give both, or neither.'],
    [{ ...base, Regions: 'us-east-1' }, 'DeploymentTargets and Regions go together: give both, or neither.'],
    [{ ...base, DeploymentTargets: '111111222222', Regions: 'us-east-1,Mars' }, 'Regions: "Mars" is not an AWS Region such as us-west-2.'],
    [{ ...base, PermissionModel: 'OWNER' }, 'PermissionModel must be SELF_MANAGED or SERVICE_MANAGED; it is "OWNER".'],
    [{ ...base, PermissionModel: 'SERVICE_MANAGED', ExecutionRoleName: 'Role' }, 'AdministrationRoleArn and ExecutionRoleName are for the SELF_MANAGED permission model: with SERVICE_MANAGED, StackSets creates the roles.'],
    [{ ...base, OrganizationsAutoDeployment: 'Enabled' }, 'OrganizationsAutoDeployment is for the SERVICE_MANAGED permission model.'],
    [{ ...base, DeploymentTargets: '111111222222', Regions: 'us-east-1', FailureTolerancePercentage: '120' }, 'FailureTolerancePercentage must be a whole percentage (0 to 100); it is "120".'],
    [{ ...base, DeploymentTargets: '111111222222', Regions: 'us-east-1', MaxConcurrentPercentage: '0' }, 'MaxConcurrentPercentage must be a whole percentage (1 to 100); it is "0".'],
  ])('refuses %j', (configuration, message) => {
    expect(() => readStackSetConfiguration(configuration)).toThrow(message);
  });

  it("reads the reference's service-managed example into CreateStackSet's terms", () => {
    expect(
      readStackSetConfiguration({
        Capabilities: 'CAPABILITY_IAM,CAPABILITY_NAMED_IAM',
        OrganizationsAutoDeployment: 'EnabledWithStackRetention',
        PermissionModel: 'SERVICE_MANAGED',
        StackSetName: 'stacks-orgs',
        TemplatePath: 'SourceArtifact::template.json',
      }),
    ).toEqual({
      stackSetName: 'stacks-orgs',
      regions: [],
      templatePath: 'SourceArtifact::template.json',
      permissionModel: 'SERVICE_MANAGED',
      capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      autoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
    });
  });

  it('requires Regions for CloudFormationStackInstances', () => {
    expect(() => readStackInstancesConfiguration({ StackSetName: 'my-stackset', DeploymentTargets: '111111222222' })).toThrow(
      'Regions is required: the Regions the stack instances are created or updated in, as Region1,Region2.',
    );
  });
});
