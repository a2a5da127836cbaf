import { gitEnvironment, type GitContext } from './git-environment.js';
import { runGit } from './git-process.js';
import type { GitRemote } from './git-remote.js';

/**
 * The commit a remote branch points to now, or undefined when the branch does not exist: one
 * `git ls-remote` round trip, no objects transferred, so polling many pipelines stays cheap.
 * A missing or unreachable repository throws (classify it with git-failure.ts).
 */
export async function latestCommit(context: GitContext, remote: GitRemote, branch: string, signal?: AbortSignal): Promise<string | undefined> {
  const ref = `refs/heads/${branch}`;
  const env = gitEnvironment(context, remote.authorization ? { authorization: remote.authorization } : {});
  const { stdout } = await runGit({ args: ['ls-remote', '--end-of-options', remote.url, ref], env, ...(signal ? { signal } : {}) });
  for (const line of stdout.toString('utf8').split('\n')) {
    const [commit, name] = line.split('\t');
    if (name === ref && commit !== undefined) return commit;
  }
  return undefined;
}
