import { isAbsolute } from 'node:path';
import type { RemoteAuthorization } from './git-environment.js';

/**
 * A repository Pipewright reads from: a local repository (CodeCommit's `<data-dir>/repos/<name>`),
 * read in place, or a remote git host over HTTP(S), fetched into a mirror. The URL never carries
 * credentials, so it may be logged, shown and written into a clone's `origin`; the credentials travel
 * separately, as a header (git-environment.ts).
 */
export interface GitRemote {
  /** An absolute path of a local repository, or an http(s) URL. */
  url: string;
  authorization?: RemoteAuthorization;
}

export function isLocalRemote(remote: GitRemote): boolean {
  return isAbsolute(remote.url);
}

/** HTTP Basic credentials as git hosts take tokens (GitHub, GitLab, Bitbucket, Gitea, Pipewright). */
export function basicAuthorization(scope: string, username: string, secret: string): RemoteAuthorization {
  return { scope, header: `Authorization: Basic ${Buffer.from(`${username}:${secret}`, 'utf8').toString('base64')}` };
}

/** The values a log must mask for this remote: the whole header and its encoded credential. */
export function secretsOf(remote: GitRemote): string[] {
  if (remote.authorization === undefined) return [];
  const header = remote.authorization.header;
  const credential = header.slice(header.lastIndexOf(' ') + 1);
  return [header, credential];
}
