import { describe, expect, it } from 'vitest';
import { validateInput } from '../../src/api/protocol/validate-input.js';
import { actionOf, expectValid, onlyPipeline, stagesOf, translateFixture } from './kit/template-fixtures.js';

/**
 * Real templates (see fixtures/README.md for where each comes from), translated without edits. Every
 * translation passes AWS's model check of CreatePipeline's input, and the server's validation (or is
 * refused only for an action type the catalogue work adds, which the test names).
 */
describe('real templates translate into CodePipeline definitions', () => {
  it('sam pipeline init (CodeCommit): conditions drop the feature-branch stages; !Sub, !GetAtt, !Ref AWS::StackName resolve', () => {
    const pipeline = onlyPipeline(translateFixture('sam-two-stage-codecommit/codepipeline.yaml', {}, { stackName: 'sam-app-pipeline' }));
    expect(pipeline.logicalId).toBe('Pipeline');
    expect(pipeline.pipeline.name).toBe('sam-app-pipeline-Pipeline');
    expect(stagesOf(pipeline).map((stage) => stage.name)).toEqual(['Source', 'UpdatePipeline', 'BuildAndPackage', 'DeployTest', 'DeployProd']);
    expect(actionOf(pipeline, 'Source', 'SourceCodeRepo').configuration).toEqual({ RepositoryName: 'sam-app', PollForSourceChanges: 'false', BranchName: 'main' });
    const changeSet = actionOf(pipeline, 'UpdatePipeline', 'CreateChangeSet').configuration!;
    expect(changeSet.StackName).toBe('sam-app-pipeline');
    expect(changeSet.ChangeSetName).toBe('sam-app-pipeline-ChangeSet');
    expect(changeSet.RoleArn).toBe('arn:aws:iam::123456789012:role/sam-app-pipeline-PipelineStackCloudFormationExecutionRole');
    expect(JSON.parse(changeSet.ParameterOverrides!)).toEqual({ FeatureGitBranch: '', CodeStarConnectionArn: '' });
    const deployTest = JSON.parse(actionOf(pipeline, 'DeployTest', 'DeployTest').configuration!.EnvironmentVariables!) as { name: string; value: string }[];
    expect(deployTest).toContainEqual({ name: 'ENV_STACK_NAME', value: 'sam-app-dev' });
    expect(pipeline.pipeline.roleArn).toBe('arn:aws:iam::123456789012:role/sam-app-pipeline-CodePipelineExecutionRole');
    expect(pipeline.pipeline.artifactStore).toEqual({ location: 'sam-app-pipeline-pipelineartifactsbucket', type: 'S3' });
    expect(pipeline.notes.join('\n')).toContain('RestartExecutionOnUpdate');
    expect(pipeline.placeholders.map((placeholder) => `${placeholder.kind} ${placeholder.subject}`)).toContain('resource-name CodeBuildProjectDeploy (AWS::CodeBuild::Project)');
    expect(pipeline.placeholders.filter((placeholder) => placeholder.kind !== 'resource-name')).toEqual([]);
    expect(pipeline.buildProjects.map((project) => [project.name, project.buildspec])).toEqual([
      ['sam-app-pipeline-CodeBuildProjectBuildAndPackage', { kind: 'path', path: 'pipeline/buildspec_build_package.yml' }],
      ['sam-app-pipeline-CodeBuildProjectDeploy', { kind: 'path', path: 'pipeline/buildspec_deploy.yml' }],
    ]);
    expect(pipeline.buildProjects[0]!.environmentVariables).toContainEqual({ name: 'PROD_REGION', value: 'us-west-2' });
    expect(() => validateInput('CreatePipelineInput', { pipeline: pipeline.pipeline })).not.toThrow();
    expect(expectValid(pipeline)).toBe('valid');
  });

  it('the same template for a feature branch (--parameter FeatureGitBranch=…) is the feature pipeline', () => {
    const pipeline = onlyPipeline(translateFixture('sam-two-stage-codecommit/codepipeline.yaml', { parameters: { FeatureGitBranch: 'feature-login' } }, { stackName: 'sam-app-feature' }));
    expect(stagesOf(pipeline).map((stage) => stage.name)).toEqual(['Source', 'UpdatePipeline', 'BuildAndDeployFeatureStack']);
    expect(actionOf(pipeline, 'Source', 'SourceCodeRepo').configuration!.BranchName).toBe('feature-login');
    expect(pipeline.buildProjects.map((project) => project.buildspec)).toEqual([{ kind: 'path', path: 'pipeline/buildspec_feature.yml' }]);
  });

  it('sam pipeline init (GitHub through a CodeStar connection): the connection the template creates is an ARN in the region', () => {
    const pipeline = onlyPipeline(translateFixture('sam-two-stage-github/codepipeline.yaml', {}, { region: 'eu-west-1' }));
    const source = actionOf(pipeline, 'Source', 'SourceCodeRepo');
    expect(source.actionTypeId.provider).toBe('CodeStarSourceConnection');
    expect(source.configuration!.ConnectionArn).toMatch(/^arn:aws:codestar-connections:eu-west-1:123456789012:connection\/[0-9a-f-]{36}$/);
    expect(source.configuration!.FullRepositoryId).toBe('octo-org/sam-app');
    // Given with --parameter, the existing connection is used instead (the template's !If).
    const given = onlyPipeline(
      translateFixture('sam-two-stage-github/codepipeline.yaml', { parameters: { CodeStarConnectionArn: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/abc' } }),
    );
    expect(actionOf(given, 'Source', 'SourceCodeRepo').configuration!.ConnectionArn).toBe('arn:aws:codeconnections:eu-west-1:123456789012:connection/abc');
    expect(() => validateInput('CreatePipelineInput', { pipeline: pipeline.pipeline })).not.toThrow();
  });

  it('sam pipeline init (monorepo)', () => {
    const pipeline = onlyPipeline(translateFixture('sam-monorepo/codepipeline.yaml'));
    expect(stagesOf(pipeline).map((stage) => stage.name)).toEqual(['Source', 'UpdatePipeline', 'UnitTest', 'BuildAndPackage', 'DeployTest', 'DeployProd']);
    expect(pipeline.buildProjects.find((project) => project.logicalId === 'CodeBuildProjectUnitTest')?.buildspec).toEqual({ kind: 'path', path: 'service-a/pipeline/buildspec_unit_test.yml' });
    expect(() => validateInput('CreatePipelineInput', { pipeline: pipeline.pipeline })).not.toThrow();
    expect(expectValid(pipeline)).toBe('valid');
  });

  it('CDK Pipelines synth output (cdk.out/*.template.json): names, inline buildspec, approval', () => {
    const result = translateFixture('cdk-pipelines/PipelineStack.template.json');
    expect(result.kind).toBe('cdk');
    const pipeline = onlyPipeline(result);
    expect(pipeline.pipeline.name).toBe('MyAppPipeline');
    expect(pipeline.pipeline.pipelineType).toBe('V1');
    expect(stagesOf(pipeline).map((stage) => stage.name)).toEqual(['Source', 'Build', 'UpdatePipeline', 'Beta', 'Prod']);
    const [source] = stagesOf(pipeline)[0]!.actions;
    expect(source!.name).toBe('my-cdk-app');
    expect(source!.configuration).toMatchObject({ RepositoryName: 'my-cdk-app', BranchName: 'main' });
    expect(stagesOf(pipeline).find((stage) => stage.name === 'Prod')!.actions.map((action) => action.actionTypeId.provider)).toContain('Manual');
    const synth = pipeline.buildProjects.find((project) => project.name === actionOf(pipeline, 'Build', 'Synth').configuration!.ProjectName);
    expect(synth?.buildspec?.kind).toBe('inline');
    expect(synth?.buildspec?.kind === 'inline' ? JSON.parse(synth.buildspec.text) : undefined).toMatchObject({ phases: { build: { commands: ['npm ci', 'npm run build', 'npx cdk synth'] } } });
    expect(() => validateInput('CreatePipelineInput', { pipeline: pipeline.pipeline })).not.toThrow();
    expect(expectValid(pipeline)).toBe('valid');
  });

  it('the CloudFormation reference’s example (a fragment): tags, a disabled transition, and placeholders for what the fragment does not define', () => {
    const pipeline = onlyPipeline(translateFixture('cloudformation-docs/app-pipeline.yaml'));
    expect(pipeline.tags).toEqual([
      { key: 'Project', value: 'ProjectA' },
      { key: 'IsContainerBased', value: 'true' },
    ]);
    expect(pipeline.disabledTransitions).toEqual([{ stageName: 'Release', reason: 'Disabling the transition until integration tests are completed' }]);
    expect(actionOf(pipeline, 'Source', 'SourceAction').actionTypeId.version).toBe('1');
    expect(pipeline.pipeline.artifactStore).toEqual({
      type: 'S3',
      location: 'UNRESOLVED-Ref-ArtifactStoreS3Location',
      encryptionKey: { id: 'arn:aws:kms:useast-1:ACCOUNT-ID:key/KEY-ID', type: 'KMS' },
    });
    expect(pipeline.placeholders.filter((placeholder) => placeholder.kind === 'parameter').map((placeholder) => placeholder.hint)).toEqual([
      '--parameter CodePipelineServiceRole=VALUE',
      '--parameter SourceS3Bucket=VALUE',
      '--parameter SourceS3ObjectKey=VALUE',
      '--parameter ApplicationName=VALUE',
      '--parameter DeploymentGroupName=VALUE',
      '--parameter ArtifactStoreS3Location=VALUE',
    ]);
    const given = onlyPipeline(translateFixture('cloudformation-docs/app-pipeline.yaml', { parameters: { SourceS3Bucket: 'my-source-bucket' } }));
    expect(actionOf(given, 'Source', 'SourceAction').configuration!.S3Bucket).toBe('my-source-bucket');
  });

  it('aws-codebuild-samples’ continuous-deployment pipeline: the project named after the stack is found, with its buildspec', () => {
    const pipeline = onlyPipeline(translateFixture('aws-codebuild-samples/cloudformation/continuous-deployment.yml', {}, { stackName: 'calculator' }));
    expect(pipeline.pipeline.name).toBe('calculator');
    expect(actionOf(pipeline, 'Build', 'Build').configuration).toEqual({ ProjectName: 'calculator' });
    expect(pipeline.buildProjects).toEqual([
      expect.objectContaining({ logicalId: 'CodeBuildProject', name: 'calculator', buildspec: { kind: 'path', path: 'buildspecs/build-with-cache.yml' } }),
    ]);
    expect(actionOf(pipeline, 'Source', 'ApplicationSource').configuration).toEqual({ BranchName: 'master', PollForSourceChanges: 'false', RepositoryName: 'aws-codebuild-samples' });
    expect(() => validateInput('CreatePipelineInput', { pipeline: pipeline.pipeline })).not.toThrow();
    expect(expectValid(pipeline)).toBe('valid');
  });
});
