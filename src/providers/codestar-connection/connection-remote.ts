import { basicAuthorization, type GitRemote } from '../git/git-remote.js';
import { SourceFailure } from '../git/source-checkout.js';
import type { ConnectionProviderType, ConnectionSettings } from './connections-config.js';

/** `owner/repo` (GitHub, Bitbucket) or `group/subgroup/repo` (GitLab): path segments, none a dot-name. */
export function isValidFullRepositoryId(id: string): boolean {
  const segments = id.split('/');
  return segments.length >= 2 && segments.every((segment) => /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/.test(segment));
}

/** The repository a connection and a FullRepositoryId name, with the connection's credentials. */
export function connectionRemote(connection: ConnectionSettings, fullRepositoryId: string, env: NodeJS.ProcessEnv = process.env): GitRemote {
  const url = `${connection.baseUrl}/${fullRepositoryId}`;
  const token = connection.token ?? (connection.tokenEnv !== undefined ? env[connection.tokenEnv] : undefined);
  if (connection.tokenEnv !== undefined && (token === undefined || token === '')) {
    throw new SourceFailure('ConfigurationError', `The connection ${connection.arn} takes its token from ${connection.tokenEnv}, which is not set.`);
  }
  // The header is scoped to the connection's host and path: git sends it to nothing else.
  return token === undefined ? { url } : { url, authorization: basicAuthorization(connection.baseUrl, connection.username, token) };
}

/** The provider type a connection declares, or the one its host obviously is. */
export function providerTypeOf(connection: ConnectionSettings): ConnectionProviderType | undefined {
  if (connection.providerType !== undefined) return connection.providerType;
  const host = new URL(connection.baseUrl).hostname;
  if (host === 'github.com') return 'GitHub';
  if (host === 'gitlab.com') return 'GitLab';
  if (host === 'bitbucket.org') return 'Bitbucket';
  return undefined;
}

/** The page of a commit on the host, from the connection's template or its provider's URL scheme. */
export function commitUrl(connection: ConnectionSettings, fullRepositoryId: string, commitId: string): string | undefined {
  const template = connection.commitUrlTemplate ?? defaultTemplate(connection);
  return template?.replaceAll('{FullRepositoryId}', fullRepositoryId).replaceAll('{CommitId}', commitId);
}

function defaultTemplate(connection: ConnectionSettings): string | undefined {
  switch (providerTypeOf(connection)) {
    case 'GitHub':
    case 'GitHubEnterpriseServer':
      return `${connection.baseUrl}/{FullRepositoryId}/commit/{CommitId}`;
    case 'GitLab':
    case 'GitLabSelfManaged':
      return `${connection.baseUrl}/{FullRepositoryId}/-/commit/{CommitId}`;
    case 'Bitbucket':
      return `${connection.baseUrl}/{FullRepositoryId}/commits/{CommitId}`;
    case undefined:
      return undefined;
  }
}
