import type { ActionJob } from '../../core/contracts/action-provider.js';
import type { CommitInfo } from '../git/commit-metadata.js';
import { maxSummaryChars, truncateChars, type GitSourcePlan } from '../git/run-git-source.js';
import { SourceFailure } from '../git/source-checkout.js';
import type { SourceJobSettings } from '../git/source-job.js';
import { commitUrl, connectionRemote, isValidFullRepositoryId, providerTypeOf } from './connection-remote.js';
import { loadConnection } from './connections-config.js';

/**
 * Where a CodeStarSourceConnection action reads: the git host its ConnectionArn maps to
 * (connections.json), repository `<baseUrl>/<FullRepositoryId>`, through the mirror cache. Variables
 * and summary are AWS's: the summary is JSON, `{"ProviderType":"GitHub","CommitMessage":"…"}`.
 */
export async function connectionPlan(job: ActionJob, dataDir: string, settings: SourceJobSettings, env: NodeJS.ProcessEnv = process.env): Promise<GitSourcePlan> {
  const { ConnectionArn: arn = '', FullRepositoryId: repositoryId = '' } = job.action.configuration;
  if (arn === '') throw new SourceFailure('ConfigurationError', `Action ${job.action.name} has no ConnectionArn.`);
  if (!isValidFullRepositoryId(repositoryId)) {
    throw new SourceFailure('ConfigurationError', `FullRepositoryId ${JSON.stringify(repositoryId)} of action ${job.action.name} is not of the form owner/repository.`);
  }
  const connection = await loadConnection(dataDir, arn);
  const remote = connectionRemote(connection, repositoryId, env);
  const providerType = providerTypeOf(connection);
  return {
    remote,
    label: `repository ${repositoryId} at ${connection.baseUrl}`,
    originUrl: remote.url,
    variables: (commit: CommitInfo) => ({
      AuthorDate: commit.authorDate,
      BranchName: settings.branch,
      CommitId: commit.commitId,
      CommitMessage: commit.message,
      ConnectionArn: arn,
      FullRepositoryName: repositoryId,
    }),
    summary: (commit: CommitInfo) => connectionSummary(providerType, commit.message),
    revisionUrl: (commitId: string) => commitUrl(connection, repositoryId, commitId),
  };
}

/** AWS's JSON summary, its message cut to the longest prefix for which the whole fits in 2048 characters. */
export function connectionSummary(providerType: string | undefined, message: string): string {
  const render = (text: string): string => JSON.stringify({ ...(providerType !== undefined ? { ProviderType: providerType } : {}), CommitMessage: text });
  const fits = (summary: string): boolean => Array.from(summary).length <= maxSummaryChars;
  const characters = Array.from(truncateChars(message, maxSummaryChars));
  if (fits(render(characters.join('')))) return render(characters.join(''));
  // Escapes make the JSON longer than the text, by an amount that depends on the text: search the cut.
  let low = 0;
  let high = characters.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(render(characters.slice(0, middle).join('')))) low = middle;
    else high = middle - 1;
  }
  return render(characters.slice(0, low).join(''));
}
