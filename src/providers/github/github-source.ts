import type { ActionJob } from '../../core/contracts/action-provider.js';
import type { CommitInfo } from '../git/commit-metadata.js';
import { maxSummaryChars, truncateChars, type GitSourcePlan } from '../git/run-git-source.js';
import type { SourceJobSettings } from '../git/source-job.js';
import { gitHubCommitUrl, type GitHubRepository } from './github-remote.js';

/**
 * Where a GitHub version 1 action reads, and what it reports: AWS's output variables for it (CommitId,
 * CommitMessage, CommitUrl, RepositoryName, BranchName, AuthorDate, CommitterDate; user guide,
 * appendix-github-oauth) and the commit message as its summary.
 */
export function gitHubPlan(job: ActionJob, repository: GitHubRepository, settings: SourceJobSettings): GitSourcePlan {
  const commitUrl = (commitId: string): string | undefined => gitHubCommitUrl(repository, commitId);
  return {
    remote: repository.remote,
    label: `repository ${repository.owner}/${repository.repo} at ${repository.settings.url}`,
    originUrl: repository.settings.url,
    variables: (commit: CommitInfo) => ({
      CommitId: commit.commitId,
      CommitMessage: commit.message,
      CommitUrl: commitUrl(commit.commitId) ?? repository.settings.url,
      RepositoryName: repository.repo,
      BranchName: settings.branch,
      AuthorDate: commit.authorDate,
      CommitterDate: commit.committerDate,
    }),
    summary: (commit: CommitInfo) => (commit.message === '' ? undefined : truncateChars(commit.message, maxSummaryChars)),
    revisionUrl: commitUrl,
  };
}
