import { describe, expect, it } from 'vitest';
import { actionTypeKey } from '../../declaration/types.js';
import { awsActionType } from '../lookup.js';
import { catalogue } from './index.js';

/**
 * The catalogue against the facts AWS's pages state, one row per action type: required parameters,
 * artifact bounds, default timeout (Quotas in AWS CodePipeline) and whether only V2 pipelines may use it.
 */
const rows: { key: string; required: string[]; inputs: [number, number]; outputs: [number, number]; timeoutMinutes: number; v2Only: boolean }[] = [
  { key: 'Source/AWS/S3/1', required: ['S3Bucket', 'S3ObjectKey'], inputs: [0, 0], outputs: [1, 1], timeoutMinutes: 60, v2Only: false },
  { key: 'Source/AWS/ECR/1', required: ['RepositoryName'], inputs: [0, 0], outputs: [1, 1], timeoutMinutes: 60, v2Only: false },
  { key: 'Source/AWS/CodeCommit/1', required: ['RepositoryName', 'BranchName'], inputs: [0, 0], outputs: [1, 1], timeoutMinutes: 60, v2Only: false },
  { key: 'Source/AWS/CodeStarSourceConnection/1', required: ['ConnectionArn', 'FullRepositoryId', 'BranchName'], inputs: [0, 0], outputs: [1, 1], timeoutMinutes: 60, v2Only: false },
  { key: 'Source/ThirdParty/GitHub/1', required: ['Owner', 'Repo', 'Branch', 'OAuthToken'], inputs: [0, 0], outputs: [1, 1], timeoutMinutes: 60, v2Only: false },
  { key: 'Build/AWS/CodeBuild/1', required: ['ProjectName'], inputs: [1, 5], outputs: [0, 5], timeoutMinutes: 8 * 60, v2Only: false },
  { key: 'Test/AWS/CodeBuild/1', required: ['ProjectName'], inputs: [1, 5], outputs: [0, 5], timeoutMinutes: 8 * 60, v2Only: false },
  { key: 'Build/AWS/ECRBuildAndPublish/1', required: ['ECRRepositoryName'], inputs: [1, 1], outputs: [0, 0], timeoutMinutes: 60, v2Only: true },
  { key: 'Test/AWS/DeviceFarm/1', required: ['AppType', 'ProjectId', 'App', 'AppiumVersion', 'DevicePoolArn', 'TestType'], inputs: [1, 1], outputs: [0, 0], timeoutMinutes: 60, v2Only: false },
  { key: 'Compute/AWS/Commands/1', required: [], inputs: [1, 10], outputs: [0, 1], timeoutMinutes: 55, v2Only: true },
  { key: 'Deploy/AWS/S3/1', required: ['BucketName', 'Extract'], inputs: [1, 1], outputs: [0, 0], timeoutMinutes: 90, v2Only: false },
  { key: 'Deploy/AWS/CloudFormation/1', required: ['ActionMode', 'StackName'], inputs: [0, 10], outputs: [0, 1], timeoutMinutes: 3 * 24 * 60, v2Only: false },
  { key: 'Deploy/AWS/CloudFormationStackSet/1', required: ['StackSetName', 'TemplatePath'], inputs: [1, 3], outputs: [0, 0], timeoutMinutes: 60, v2Only: false },
  { key: 'Deploy/AWS/CloudFormationStackInstances/1', required: ['StackSetName', 'Regions'], inputs: [0, 2], outputs: [0, 0], timeoutMinutes: 60, v2Only: false },
  { key: 'Deploy/AWS/CodeDeploy/1', required: ['ApplicationName', 'DeploymentGroupName'], inputs: [1, 1], outputs: [0, 0], timeoutMinutes: 5 * 24 * 60, v2Only: false },
  {
    key: 'Deploy/AWS/CodeDeployToECS/1',
    required: ['ApplicationName', 'DeploymentGroupName', 'TaskDefinitionTemplateArtifact', 'AppSpecTemplateArtifact'],
    inputs: [1, 5],
    outputs: [0, 0],
    timeoutMinutes: 5 * 24 * 60,
    v2Only: false,
  },
  { key: 'Deploy/AWS/ECS/1', required: ['ClusterName', 'ServiceName'], inputs: [1, 1], outputs: [0, 0], timeoutMinutes: 60, v2Only: false },
  { key: 'Deploy/AWS/EKS/1', required: ['ClusterName'], inputs: [1, 1], outputs: [0, 0], timeoutMinutes: 60, v2Only: true },
  { key: 'Deploy/AWS/EC2/1', required: ['InstanceTagKey', 'InstanceType'], inputs: [1, 1], outputs: [0, 0], timeoutMinutes: 60, v2Only: true },
  { key: 'Deploy/AWS/Lambda/1', required: ['FunctionName'], inputs: [0, 1], outputs: [0, 0], timeoutMinutes: 60, v2Only: true },
  { key: 'Deploy/AWS/ElasticBeanstalk/1', required: ['ApplicationName', 'EnvironmentName'], inputs: [1, 1], outputs: [0, 0], timeoutMinutes: 60, v2Only: false },
  {
    key: 'Deploy/AWS/AppConfig/1',
    required: ['Application', 'Environment', 'ConfigurationProfile', 'InputArtifactConfigurationPath'],
    inputs: [1, 1],
    outputs: [0, 0],
    timeoutMinutes: 60,
    v2Only: false,
  },
  { key: 'Deploy/AWS/ServiceCatalog/1', required: ['ProductId'], inputs: [1, 1], outputs: [0, 0], timeoutMinutes: 60, v2Only: false },
  { key: 'Deploy/AWS/OpsWorks/1', required: ['Stack', 'App'], inputs: [1, 1], outputs: [0, 1], timeoutMinutes: 60, v2Only: false },
  { key: 'Deploy/ThirdParty/AlexaSkillsKit/1', required: ['ClientId', 'ClientSecret', 'RefreshToken', 'SkillId'], inputs: [1, 2], outputs: [0, 0], timeoutMinutes: 60, v2Only: false },
  { key: 'Invoke/AWS/Lambda/1', required: ['FunctionName'], inputs: [0, 5], outputs: [0, 5], timeoutMinutes: 24 * 60, v2Only: false },
  { key: 'Invoke/AWS/StepFunctions/1', required: ['StateMachineArn'], inputs: [0, 1], outputs: [0, 1], timeoutMinutes: 7 * 24 * 60, v2Only: false },
  { key: 'Invoke/AWS/CodePipeline/1', required: ['PipelineName'], inputs: [0, 0], outputs: [0, 0], timeoutMinutes: 60, v2Only: true },
  { key: 'Invoke/AWS/InspectorScan/1', required: ['InspectorRunMode'], inputs: [0, 1], outputs: [1, 1], timeoutMinutes: 60, v2Only: false },
  { key: 'Approval/AWS/Manual/1', required: [], inputs: [0, 0], outputs: [0, 0], timeoutMinutes: 7 * 24 * 60, v2Only: false },
];

describe('the action type catalogue', () => {
  it('has one entry per action type, exactly the rows AWS documents', () => {
    const keys = catalogue.map((spec) => actionTypeKey(spec.id));
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(rows.map((row) => row.key).sort());
  });

  it.each(rows)('$key: required parameters, artifact bounds, timeout and pipeline type as documented', (row) => {
    const [category, owner, provider, version] = row.key.split('/') as [never, never, string, string];
    const spec = awsActionType({ category, owner, provider, version });
    expect(spec).toBeDefined();
    if (spec === undefined) return;
    expect(spec.configurationProperties.filter((property) => property.required).map((property) => property.name)).toEqual(row.required);
    expect([spec.inputArtifacts.minimumCount, spec.inputArtifacts.maximumCount]).toEqual(row.inputs);
    expect([spec.outputArtifacts.minimumCount, spec.outputArtifacts.maximumCount]).toEqual(row.outputs);
    expect(spec.defaultTimeoutMinutes).toBe(row.timeoutMinutes);
    expect(spec.v2Only).toBe(row.v2Only);
  });

  it.each(catalogue.map((spec) => ({ key: actionTypeKey(spec.id), spec })))('$key cites its page, names each property once, and never makes a secret a key', ({ spec }) => {
    expect(spec.documentation).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/codepipeline\/latest\/userguide\/[\w-]+\.html(#[\w-]+)?$/);
    const names = spec.configurationProperties.map((property) => property.name);
    expect(new Set(names).size).toBe(names.length);
    expect(spec.configurationProperties.filter((property) => property.secret && property.key)).toEqual([]);
    expect(spec.configurationProperties.every((property) => property.queryable === false)).toBe(true);
    // The model's key and value bounds (ActionConfigurationKey 1..50).
    expect(names.every((name) => name.length >= 1 && name.length <= 50)).toBe(true);
  });
});
