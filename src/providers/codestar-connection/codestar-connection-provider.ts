import type { ActionProvider } from '../../core/contracts/action-provider.js';
import { runGitSource } from '../git/run-git-source.js';
import { connectionPlan } from './codestar-connection-source.js';

/**
 * Source/AWS/CodeStarSourceConnection/1: a branch (or a pinned commit) of a repository on the git host
 * a connection maps to (GitHub, GitLab, Bitbucket, Gitea, another Pipewright), fetched incrementally
 * into a mirror, as CODE_ZIP or CODEBUILD_CLONE_REF, with AWS's output variables (AuthorDate,
 * BranchName, CommitId, CommitMessage, ConnectionArn, FullRepositoryName). Rerunnable: it only reads.
 */
export const codeStarConnectionProvider: ActionProvider = {
  actionTypes: [{ category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' }],
  rerunnable: true,
  // git processes waited for: beside the build slots (see ActionProvider.load).
  load: 'light',
  run: (job, tools, signal) => runGitSource(job, tools, signal, (settings) => connectionPlan(job, tools.dataDir, settings)),
};
