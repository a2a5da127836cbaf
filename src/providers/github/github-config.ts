import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceFailure } from '../git/source-checkout.js';

/**
 * Where the repository of a GitHub version 1 action (owner ThirdParty, provider GitHub) lives. On AWS
 * it is always `https://github.com/<Owner>/<Repo>`, read with the action's OAuthToken; Pipewright reads
 * the same by default, and `<data-dir>/github.json` (optional, read for every job and every poll) maps
 * repositories elsewhere, like connections.json maps connections:
 *
 * ```json
 * { "baseUrl": "https://github.example.com",
 *   "repositories": {
 *     "octo/app": { "url": "http://127.0.0.1:8741/git/app", "tokenEnv": "APP_GIT_TOKEN" },
 *     "octo/lib": { "baseUrl": "https://gitea.internal" } } }
 * ```
 *
 * A repository's entry (keyed `Owner/Repo`) gives its whole `url`, or a `baseUrl` the repository is
 * `<baseUrl>/<Owner>/<Repo>` under; without an entry the top-level `baseUrl` (default
 * https://github.com) does. The credential is the action's OAuthToken, sent as HTTP Basic with
 * `username` (default `x-access-token`, which GitHub takes for tokens); an entry's `token` or
 * `tokenEnv` (the name of an environment variable) replaces it, for a host that wants its own.
 * `commitUrlTemplate` (`{Owner}`, `{Repo}`, `{CommitId}`) names a commit's page; for a github.com-like
 * base URL it is `<base>/<Owner>/<Repo>/commit/<CommitId>`.
 */
export interface GitHubRepositorySettings {
  /** http(s) URL of the repository, without credentials, query or trailing slash. */
  url: string;
  /** The URL the repository's pages hang under (for commit links), when known. */
  webUrl?: string;
  username: string;
  token?: string;
  tokenEnv?: string;
  commitUrlTemplate?: string;
}

export const defaultGitHubBaseUrl = 'https://github.com';

export function gitHubFile(dataDir: string): string {
  return join(dataDir, 'github.json');
}

/** The settings for repository `owner/repo`, from github.json when it maps it, else github.com. */
export async function loadGitHubRepository(dataDir: string, owner: string, repo: string): Promise<GitHubRepositorySettings> {
  const file = gitHubFile(dataDir);
  const config = await readConfig(file);
  const wrong = (what: string): SourceFailure => new SourceFailure('ConfigurationError', `${file}: ${what}`);
  const topLevel = config.baseUrl === undefined ? defaultGitHubBaseUrl : checkedUrl(config.baseUrl, '"baseUrl"', wrong);
  const username = optionalString(config.username, '"username"', wrong) ?? 'x-access-token';
  const repositories = config.repositories ?? {};
  if (!isRecord(repositories)) throw wrong('"repositories" must be an object keyed by Owner/Repo.');
  const key = `${owner}/${repo}`;
  const entry = repositories[key];
  if (entry === undefined) return { url: `${topLevel}/${key}`, webUrl: topLevel, username };
  if (!isRecord(entry)) throw wrong(`the entry of ${key} must be an object.`);
  const at = (name: string): string => `"${name}" of ${key}`;
  if (entry.url !== undefined && entry.baseUrl !== undefined) throw wrong(`give "url" or "baseUrl" for ${key}, not both.`);
  const base = entry.baseUrl === undefined ? undefined : checkedUrl(entry.baseUrl, at('baseUrl'), wrong);
  const url = entry.url !== undefined ? checkedUrl(entry.url, at('url'), wrong) : `${base ?? topLevel}/${key}`;
  const token = optionalString(entry.token, at('token'), wrong);
  const tokenEnv = optionalString(entry.tokenEnv, at('tokenEnv'), wrong);
  if (token !== undefined && tokenEnv !== undefined) throw wrong(`give "token" or "tokenEnv" for ${key}, not both.`);
  const commitUrlTemplate = optionalString(entry.commitUrlTemplate, at('commitUrlTemplate'), wrong);
  const webUrl = entry.url === undefined ? (base ?? topLevel) : undefined;
  return {
    url,
    username: optionalString(entry.username, at('username'), wrong) ?? username,
    ...(webUrl !== undefined ? { webUrl } : {}),
    ...(token !== undefined ? { token } : {}),
    ...(tokenEnv !== undefined ? { tokenEnv } : {}),
    ...(commitUrlTemplate !== undefined ? { commitUrlTemplate } : {}),
  };
}

interface GitHubConfigFile {
  baseUrl?: unknown;
  username?: unknown;
  repositories?: unknown;
}

async function readConfig(file: string): Promise<GitHubConfigFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SourceFailure('ConfigurationError', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(parsed)) throw new SourceFailure('ConfigurationError', `${file} must hold an object {"baseUrl"?, "username"?, "repositories"?}.`);
  return parsed;
}

/** An http(s) URL without credentials, query or fragment, its trailing slashes cut. */
function checkedUrl(value: unknown, name: string, wrong: (what: string) => SourceFailure): string {
  if (typeof value !== 'string') throw wrong(`${name} must be a URL.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw wrong(`${name} ${JSON.stringify(value)} is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw wrong(`${name} must be an http:// or https:// URL.`);
  // Credentials in a URL end up in logs and in clones' .git/config; they have fields of their own.
  if (url.username !== '' || url.password !== '') throw wrong(`${name} must not carry credentials; use "token" or "tokenEnv".`);
  if (url.search !== '' || url.hash !== '') throw wrong(`${name} must not have a query or a fragment.`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function optionalString(value: unknown, name: string, wrong: (what: string) => SourceFailure): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw wrong(`${name} must be a non-empty string.`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
