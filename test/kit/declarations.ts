import type { PipelineDeclaration, RuleDeclaration } from '@aws-sdk/client-codepipeline';

/** A small valid V1 pipeline: a CodeCommit source and a CodeBuild build. */
export function sourceAndBuild(name: string): PipelineDeclaration {
  return {
    name,
    roleArn: 'arn:aws:iam::123456789012:role/pipewright-test',
    artifactStore: { type: 'S3', location: 'pipewright-artifacts' },
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Checkout',
            actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
            configuration: { RepositoryName: 'app', BranchName: 'main', PollForSourceChanges: 'false' },
            outputArtifacts: [{ name: 'SourceOutput' }],
          },
        ],
      },
      {
        name: 'Build',
        actions: [
          {
            name: 'Compile',
            actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
            configuration: { ProjectName: 'app' },
            inputArtifacts: [{ name: 'SourceOutput' }],
            outputArtifacts: [{ name: 'BuildOutput' }],
          },
        ],
      },
    ],
  };
}

/** A rule that passes when the source branch is main (it reads the Source action's namespace). */
export const onMainBranch: RuleDeclaration = {
  name: 'OnMain',
  ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'VariableCheck', version: '1' },
  configuration: { Variable: '#{SourceVariables.BranchName}', Value: 'main', Operator: 'EQ' },
};

/**
 * sourceAndBuild with V2 constructs and no pipelineType: QUEUED mode, a pipeline variable the build
 * reads, and a beforeEntry condition on Build that skips it off the main branch.
 */
export function v2SourceAndBuild(name: string): PipelineDeclaration {
  const base = sourceAndBuild(name);
  const [source, build] = base.stages!;
  return {
    ...base,
    executionMode: 'QUEUED',
    variables: [{ name: 'TARGET', defaultValue: 'staging', description: 'where to' }],
    stages: [
      { ...source!, actions: [{ ...source!.actions![0]!, namespace: 'SourceVariables' }] },
      {
        ...build!,
        actions: [{ ...build!.actions![0]!, configuration: { ProjectName: 'app-#{variables.TARGET}' } }],
        beforeEntry: { conditions: [{ result: 'SKIP', rules: [onMainBranch] }] },
      },
    ],
  };
}
