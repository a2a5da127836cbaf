import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { changedFiles } from './changed-files.js';
import { gitEnvironment, type GitContext } from './git-environment.js';
import { isLocalRemote, type GitRemote } from './git-remote.js';
import { latestCommit } from './latest-commit.js';
import { fetchBranch, fetchCommit } from './mirror-cache.js';
import { withObjectReader } from './object-reader-pool.js';
import { resolveCommitObject } from './read-commit-object.js';
import { isFullCommitId } from './ref-names.js';
import { resolveCommit } from './resolve-commit.js';

/**
 * Change detection for one branch of one repository, the building blocks the engine's poller and
 * V2 triggers use: a cheap look at the branch head (ls-remote, or the running cat-file of a hosted repository),
 * and the paths changed between two commits for `filePaths` filters (fetching into the mirror first,
 * incrementally, when the repository is remote). Failures throw GitCommandError (see git-failure.ts).
 */
export interface SourceChanges {
  /** The commit the branch points to now; undefined when the branch does not exist. */
  latestCommit(signal?: AbortSignal): Promise<string | undefined>;
  /**
   * The paths that differ between `from` (the last commit released, if any) and `to`. When `from` is
   * unknown or no longer exists (a force push rewrote it away), every path of `to` counts as changed.
   */
  changedFiles(from: string | undefined, to: string, signal?: AbortSignal): Promise<string[]>;
}

export function sourceChanges(context: GitContext, remote: GitRemote, branch: string): SourceChanges {
  const env = gitEnvironment(context, remote.authorization ? { authorization: remote.authorization } : {});
  if (isLocalRemote(remote)) {
    const gitDir = existsSync(join(remote.url, '.git')) ? join(remote.url, '.git') : remote.url;
    return {
      // Through the repository's running cat-file (object-reader-pool.ts): a poll starts no process.
      latestCommit: (signal) => withObjectReader(context, gitDir, signal, (reader) => resolveCommitObject(reader, `refs/heads/${branch}`)),
      changedFiles: async (from, to) => changedFiles(env, gitDir, await known(env, gitDir, from), to),
    };
  }
  return {
    latestCommit: (signal) => latestCommit(context, remote, branch, signal),
    changedFiles: async (from, to, signal) => {
      const { gitDir } = await fetchBranch(context, remote, branch, signal);
      if ((await resolveCommit(env, gitDir, to)) === undefined && isFullCommitId(to)) await fetchCommit(context, remote, to, signal);
      let base = await known(env, gitDir, from);
      if (base === undefined && from !== undefined && isFullCommitId(from)) {
        // The last released commit may be off the branch now; ask the host for it, once.
        base = await fetchCommit(context, remote, from, signal).then(
          () => known(env, gitDir, from),
          () => undefined,
        );
      }
      return changedFiles(env, gitDir, base, to);
    },
  };
}

async function known(env: NodeJS.ProcessEnv, gitDir: string, commit: string | undefined): Promise<string | undefined> {
  return commit === undefined ? undefined : resolveCommit(env, gitDir, commit);
}
