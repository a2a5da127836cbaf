import { actionType, bounds, optional, required, userGuide } from './define.js';

/**
 * GitHub version 1 (OAuth app): owner ThirdParty, though AWS itself runs it. Its properties, keys and
 * the secret OAuthToken are as AWS's ListActionTypes example lists them (API reference,
 * ListActionTypes, sample response); PollForSourceChanges came later (appendix-github-oauth).
 */
export const gitHubSource = actionType({
  category: 'Source',
  owner: 'ThirdParty',
  provider: 'GitHub',
  description: 'Starts the pipeline when a commit is made to a branch of a GitHub repository (version 1 action, OAuth token).',
  documentation: `${userGuide}/appendix-github-oauth.html#action-reference-GitHub`,
  properties: [
    required('Owner', 'The GitHub user or organization that owns the repository.'),
    required('Repo', 'The name of the repository where source changes are detected.'),
    required('Branch', 'The name of the branch where source changes are detected.'),
    required('OAuthToken', 'The GitHub token CodePipeline uses to read the repository.', { key: false, secret: true }),
    optional('PollForSourceChanges', 'Whether CodePipeline polls the repository for changes (default true).', { type: 'Boolean' }),
  ],
  inputArtifacts: bounds(0),
  outputArtifacts: bounds(1),
});
