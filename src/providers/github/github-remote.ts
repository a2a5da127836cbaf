import { basicAuthorization, type GitRemote } from '../git/git-remote.js';
import { SourceFailure } from '../git/source-checkout.js';
import { defaultGitHubBaseUrl, loadGitHubRepository, type GitHubRepositorySettings } from './github-config.js';

/** GitHub's rules for owner and repository names, loosely: no slash, no dot-name, at most 100 characters. */
const namePattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

export interface GitHubRepository {
  owner: string;
  repo: string;
  settings: GitHubRepositorySettings;
  remote: GitRemote;
  /** The values the action's log must never show (the token), beside the remote's header. */
  secrets: string[];
}

/**
 * The repository a GitHub version 1 action names (Owner, Repo), where github.json maps it, with its
 * credential: the mapping's own token, else the action's OAuthToken.
 */
export async function gitHubRepository(
  dataDir: string,
  actionName: string,
  configuration: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GitHubRepository> {
  const { Owner: owner = '', Repo: repo = '', OAuthToken: oauthToken } = configuration;
  for (const [name, value] of [['Owner', owner], ['Repo', repo]] as const) {
    if (!namePattern.test(value)) throw new SourceFailure('ConfigurationError', `${name} ${JSON.stringify(value)} of action ${actionName} is not a GitHub owner or repository name.`);
  }
  const settings = await loadGitHubRepository(dataDir, owner, repo);
  const mapped = settings.token ?? (settings.tokenEnv !== undefined ? env[settings.tokenEnv] : undefined);
  if (settings.tokenEnv !== undefined && (mapped === undefined || mapped === '')) {
    throw new SourceFailure('ConfigurationError', `The repository ${owner}/${repo} takes its token from ${settings.tokenEnv} (github.json), which is not set.`);
  }
  const token = mapped ?? (oauthToken === '' ? undefined : oauthToken);
  const remote: GitRemote = token === undefined ? { url: settings.url } : { url: settings.url, authorization: basicAuthorization(settings.url, settings.username, token) };
  return { owner, repo, settings, remote, secrets: token === undefined ? [] : [token] };
}

/** The page of a commit, where the host has one: github.com-like hosts, or the mapping's template. */
export function gitHubCommitUrl(repository: Pick<GitHubRepository, 'owner' | 'repo' | 'settings'>, commitId: string): string | undefined {
  const { owner, repo, settings } = repository;
  if (settings.commitUrlTemplate !== undefined) {
    return settings.commitUrlTemplate.replaceAll('{Owner}', owner).replaceAll('{Repo}', repo).replaceAll('{CommitId}', commitId);
  }
  if (settings.webUrl === undefined) return undefined;
  return `${settings.webUrl}/${owner}/${repo}/commit/${commitId}`;
}

export { defaultGitHubBaseUrl };
