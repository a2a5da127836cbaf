import type { ActionProvider } from '../../core/contracts/action-provider.js';
import { runGitSource } from '../git/run-git-source.js';
import { codeCommitPlan } from './codecommit-source.js';

/**
 * Source/AWS/CodeCommit/1: a branch (or a pinned commit) of a repository Pipewright hosts, as CODE_ZIP
 * or CODEBUILD_CLONE_REF, with CodeCommit's output variables (CommitId, CommitMessage, AuthorDate,
 * CommitterDate, BranchName, RepositoryName). Reading a commit has no side effect: rerunnable.
 */
export const codeCommitProvider: ActionProvider = {
  actionTypes: [{ category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' }],
  rerunnable: true,
  // git processes waited for: beside the build slots (see ActionProvider.load).
  load: 'light',
  run: (job, tools, signal) => runGitSource(job, tools, signal, (settings) => Promise.resolve(codeCommitPlan(job, tools, settings))),
};
