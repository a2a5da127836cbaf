import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where Pipewright's git work lives under the data directory: `cache/git/<hash>` mirrors and an empty
 * HOME of our own. Git runs with that HOME and without system or global config, so nothing of the
 * machine's user leaks in: no ~/.gitconfig (credential helpers, url rewrites, hooks paths), no
 * ~/.netrc that curl would read, no system-wide settings. What git needs, we pass explicitly.
 */
export interface GitContext {
  /** `<dataDir>/cache/git`: one bare mirror per remote URL. */
  cacheRoot: string;
  /** An empty directory git sees as HOME. */
  home: string;
}

export function gitContext(dataDir: string): GitContext {
  const cacheRoot = join(dataDir, 'cache', 'git');
  const home = join(cacheRoot, 'home');
  mkdirSync(home, { recursive: true });
  return { cacheRoot, home };
}

/**
 * An HTTP header git sends to one remote (an Authorization header carrying a token). It travels to git
 * in the environment (GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n), so it is never in an argument list that
 * `ps` shows or a log line records, never in a URL, and never written into any repository's config.
 */
export interface RemoteAuthorization {
  /** The URL prefix the header is scoped to (git's `http.<url>.extraHeader`), e.g. the host's base URL. */
  scope: string;
  /** The whole header line, e.g. `Authorization: Basic …`. */
  header: string;
}

// What git legitimately needs from the process environment: finding programs, temp space, and the
// network settings of the machine (proxies, CA certificates).
const passedThrough = [
  'PATH',
  'TMPDIR',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'GIT_SSL_CAINFO',
];

export function gitEnvironment(context: GitContext, options: { authorization?: RemoteAuthorization } = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of passedThrough) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, {
    HOME: context.home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    // Never wait for a password on a terminal nobody watches; fail instead.
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    // Messages in one language, so failures can be recognised (git-failure.ts).
    LC_ALL: 'C',
    // Reflogs of clones need an identity; this one says who wrote them.
    GIT_COMMITTER_NAME: 'Pipewright',
    GIT_COMMITTER_EMAIL: 'pipewright@localhost',
    GIT_AUTHOR_NAME: 'Pipewright',
    GIT_AUTHOR_EMAIL: 'pipewright@localhost',
  });
  const config: [string, string][] = [];
  if (options.authorization !== undefined) config.push([`http.${options.authorization.scope}.extraHeader`, options.authorization.header]);
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return env;
}
