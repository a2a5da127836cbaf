import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionJob, ProviderTools } from '../../core/contracts/action-provider.js';
import type { CommitInfo } from '../git/commit-metadata.js';
import { basicAuthorization, type GitRemote } from '../git/git-remote.js';
import { maxSummaryChars, truncateChars, type GitSourcePlan } from '../git/run-git-source.js';
import { SourceFailure } from '../git/source-checkout.js';
import type { SourceJobSettings } from '../git/source-job.js';

// The names Pipewright's git server hosts (src/api/http/git-repositories.ts): CodeCommit's own
// `[\w.-]{1,100}`, plus `owner/name` paths. No segment starts with a dot, so none escapes repos/.
const segmentPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

export function isValidRepositoryName(name: string): boolean {
  const segments = name.split('/');
  return segments.length <= 4 && segments.every((segment) => segmentPattern.test(segment) && !segment.endsWith('.lock'));
}

/**
 * Where a CodeCommit action reads: `<repos-dir>/<RepositoryName>` in place when this worker sees the
 * server's repositories (its data directory's `repos/`, or a shared PIPEWRIGHT_REPOS_DIR), otherwise the server's git host at `<api-url>/git/<RepositoryName>`
 * through the mirror cache (a remote worker). A clone's origin is always the served URL.
 */
export function codeCommitPlan(job: ActionJob, tools: Pick<ProviderTools, 'dataDir' | 'apiUrl' | 'reposDir' | 'serverGit'>, settings: SourceJobSettings): GitSourcePlan {
  const name = job.action.configuration.RepositoryName ?? '';
  const { remote, servedUrl } = codeCommitRemote(tools, name, job.action.name);
  return {
    remote,
    label: `repository ${name}`,
    originUrl: servedUrl,
    variables: (commit: CommitInfo) => ({
      CommitId: commit.commitId,
      CommitMessage: commit.message,
      AuthorDate: commit.authorDate,
      CommitterDate: commit.committerDate,
      BranchName: settings.branch,
      RepositoryName: name,
    }),
    // CodeCommit's summary is the commit message itself.
    summary: (commit: CommitInfo) => (commit.message === '' ? undefined : truncateChars(commit.message, maxSummaryChars)),
    revisionUrl: () => undefined,
  };
}

/** The repository RepositoryName names: in place under repos/ when present here, else served by the server. */
export function codeCommitRemote(
  tools: Pick<ProviderTools, 'dataDir' | 'apiUrl' | 'reposDir' | 'serverGit'>,
  name: string,
  actionName: string,
): { remote: GitRemote; servedUrl: string } {
  if (!isValidRepositoryName(name)) {
    throw new SourceFailure('ConfigurationError', `RepositoryName ${JSON.stringify(name)} of action ${actionName} is not a valid repository name.`);
  }
  const local = join(tools.reposDir ?? join(tools.dataDir, 'repos'), name);
  const gitRoot = `${tools.apiUrl.replace(/\/+$/, '')}/git/`;
  const servedUrl = `${gitRoot}${name}`;
  if (existsSync(local)) return { remote: { url: local }, servedUrl };
  const { serverGit } = tools;
  return { remote: { url: servedUrl, ...(serverGit !== undefined ? { authorization: basicAuthorization(gitRoot, serverGit.username, serverGit.password) } : {}) }, servedUrl };
}
