import { runGit } from './git-process.js';

/**
 * A working clone with its whole history, checked out at `commit` on a local `branch` that tracks
 * `origin/<branch>` (CODEBUILD_CLONE_REF): what CodeBuild gets when it clones the repository itself,
 * so builds can run `git log`, `git describe` or `git fetch`. It is cloned from the local repository
 * or mirror (no network), then `origin` is pointed at the real remote URL, which never carries
 * credentials. Objects are copied, not hard-linked, so nothing done to the clone can reach the source.
 */
export async function cloneAtCommit(
  env: NodeJS.ProcessEnv,
  options: { source: string; commit: string; branch: string; originUrl: string; destination: string; signal?: AbortSignal },
): Promise<void> {
  const { source, commit, branch, originUrl, destination } = options;
  const aborting = options.signal ? { signal: options.signal } : {};
  const inClone = (args: string[]): Promise<unknown> => runGit({ args: ['-C', destination, ...args], env, ...aborting });
  await runGit({ args: ['clone', '--quiet', '--no-checkout', '--no-hardlinks', '--end-of-options', source, destination], env, ...aborting });
  await inClone(['remote', 'set-url', 'origin', originUrl]);
  await inClone(['checkout', '--quiet', '-B', branch, commit]);
  await inClone(['config', `branch.${branch}.remote`, 'origin']);
  await inClone(['config', `branch.${branch}.merge`, `refs/heads/${branch}`]);
}
