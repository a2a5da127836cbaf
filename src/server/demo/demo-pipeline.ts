import type { PipelineDeclaration } from '../../api/wire/shapes.js';
import { demoNames } from './demo-names.js';

/**
 * The demo's pipeline, as a user would write it for CreatePipeline: the repository's `main` → a
 * CodeBuild build that runs the unit tests (JUnit report) and builds the site → a manual approval →
 * an S3 deploy, extracted and public, into the bucket the browser reads at `/sites/<bucket>/`.
 *
 * Pushes start it (PollForSourceChanges false: a push to a hosted repository is CodeCommit's
 * EventBridge rule), so a user who clones the repository and pushes a change sees it run again.
 */
export function demoPipeline(serverUrl: string, accountId: string): PipelineDeclaration {
  const site = `${serverUrl}/sites/${demoNames.bucket}/`;
  return {
    name: demoNames.pipeline,
    // A role of Pipewright's IAM: what the demo's build runs as.
    roleArn: `arn:aws:iam::${accountId}:role/${demoNames.role}`,
    artifactStore: { type: 'S3', location: 'pipewright-artifacts' },
    pipelineType: 'V2',
    executionMode: 'SUPERSEDED',
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Source',
            actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
            configuration: { RepositoryName: demoNames.repository, BranchName: 'main', PollForSourceChanges: 'false' },
            outputArtifacts: [{ name: 'SourceOutput' }],
            namespace: 'SourceVariables',
          },
        ],
      },
      {
        name: 'Build',
        actions: [
          {
            name: 'UnitTestsAndBuild',
            actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
            configuration: { ProjectName: demoNames.buildProject },
            inputArtifacts: [{ name: 'SourceOutput' }],
            outputArtifacts: [{ name: 'Site' }],
          },
        ],
      },
      {
        name: demoNames.approvalStage,
        actions: [
          {
            name: demoNames.approvalAction,
            actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
            configuration: {
              CustomData:
                'The build ran the unit tests: open this execution (the link, or History) and check the test report under "Test reports". ' +
                `Approve to deploy the page to the bucket ${demoNames.bucket}; it will be at ${site}`,
              ExternalEntityLink: `${serverUrl}/pipelines/${demoNames.pipeline}/executions/#{codepipeline.PipelineExecutionId}`,
            },
          },
        ],
      },
      {
        name: demoNames.deployStage,
        actions: [
          {
            name: 'DeploySite',
            actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
            configuration: { BucketName: demoNames.bucket, Extract: 'true', CannedACL: 'public-read', CacheControl: 'no-cache' },
            inputArtifacts: [{ name: 'Site' }],
          },
        ],
      },
    ],
  };
}
