import { actionType, bounds, optional, required, userGuide } from './define.js';

/** CodeCommit source: a branch of a repository. */
export const codeCommitSource = actionType({
  category: 'Source',
  provider: 'CodeCommit',
  description: 'Starts the pipeline when a commit is made to a branch of a CodeCommit repository.',
  documentation: `${userGuide}/action-reference-CodeCommit.html`,
  properties: [
    required('RepositoryName', 'The name of the repository where source changes are detected.'),
    required('BranchName', 'The name of the branch where source changes are detected.'),
    optional('PollForSourceChanges', 'Whether CodePipeline polls the repository for changes (default true).', { type: 'Boolean' }),
    optional('OutputArtifactFormat', 'CODE_ZIP (default) or CODEBUILD_CLONE_REF (a full clone, for CodeBuild actions only).'),
  ],
  inputArtifacts: bounds(0),
  outputArtifacts: bounds(1),
});
