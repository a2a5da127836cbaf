import { actionType, bounds, optional, required, userGuide } from './define.js';

/**
 * CodeStarSourceConnection: a branch of a repository on Bitbucket Cloud, GitHub, GitHub Enterprise
 * Server, GitLab.com or GitLab self-managed, reached through a connection (CodeConnections). One
 * provider for every host: the connection decides which.
 */
export const codeStarSourceConnection = actionType({
  category: 'Source',
  provider: 'CodeStarSourceConnection',
  description: 'Starts the pipeline when a commit is made to a branch of a repository reached through a connection (Bitbucket, GitHub, GitHub Enterprise Server, GitLab).',
  documentation: `${userGuide}/action-reference-CodestarConnectionSource.html`,
  properties: [
    required('ConnectionArn', 'The ARN of the connection to the repository host.'),
    required('FullRepositoryId', 'The owner and name of the repository, such as some-user/my-repo.'),
    required('BranchName', 'The name of the branch where source changes are detected.'),
    optional('OutputArtifactFormat', 'CODE_ZIP (default) or CODEBUILD_CLONE_REF (a full clone, for CodeBuild actions only).'),
    optional('DetectChanges', 'Whether a commit to the branch starts the pipeline (default true).', { type: 'Boolean' }),
  ],
  inputArtifacts: bounds(0),
  outputArtifacts: bounds(1),
});
