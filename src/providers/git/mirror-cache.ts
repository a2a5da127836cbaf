import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gitEnvironment, type GitContext } from './git-environment.js';
import { runGit } from './git-process.js';
import type { GitRemote } from './git-remote.js';
import { serialized } from './keyed-serial.js';
import { withObjectReader } from './object-reader-pool.js';
import { resolveCommitObject } from './read-commit-object.js';

/**
 * One bare mirror per remote URL under `<dataDir>/cache/git/<sha256 of the URL>`, updated with
 * `git fetch`: git negotiates what the mirror already has, so the second execution of a large
 * repository transfers only the new commits, never a fresh clone.
 *
 * Concurrency: fetches into one mirror run one at a time (keyed-serial.ts, in process). Readers
 * (metadata, export, clone) do not wait: git writes objects before it moves a ref, each ref under its
 * own lock file, and readers only read objects reachable from a commit they already resolved, so a
 * reader never sees a half-written state. Across processes sharing a data directory, git's ref lock
 * makes a colliding fetch fail cleanly (never corrupt), and the fetch is retried once. Automatic gc
 * runs inside the fetch (not detached), so it too stays under the serialisation.
 */
export interface FetchedBranch {
  gitDir: string;
  /** The commit the branch points to, or undefined when the remote has no such branch. */
  commit: string | undefined;
  /** How many objects the remote sent (its `Total N` line); 0 when the mirror was up to date. */
  objectsReceived: number;
}

export function mirrorDirectory(context: GitContext, url: string): string {
  return join(context.cacheRoot, createHash('sha256').update(url).digest('hex').slice(0, 32));
}

/** Brings `refs/heads/<branch>` of the mirror up to date with the remote (and tags that point into it). */
export function fetchBranch(context: GitContext, remote: GitRemote, branch: string, signal?: AbortSignal): Promise<FetchedBranch> {
  const gitDir = mirrorDirectory(context, remote.url);
  return serialized(gitDir, async () => {
    const env = gitEnvironment(context, remote.authorization ? { authorization: remote.authorization } : {});
    await ensureMirror(context, gitDir, remote.url);
    const ref = `refs/heads/${branch}`;
    const objectsReceived = await fetchWithRetry(gitDir, env, [remote.url, `+${ref}:${ref}`], signal);
    // Resolved by the mirror's running cat-file, which sees what the fetch just wrote.
    const commit = await withObjectReader(context, gitDir, signal, (reader) => resolveCommitObject(reader, ref));
    return { gitDir, commit, objectsReceived };
  });
}

/**
 * Fetches one commit by id (a pinned revision no branch points to any more) and keeps it under
 * `refs/pipewright/pinned/` so gc does not prune it. Hosts allow this for reachable commits
 * (protocol v2, GitHub, GitLab); a host that refuses makes this throw.
 */
export function fetchCommit(context: GitContext, remote: GitRemote, commit: string, signal?: AbortSignal): Promise<string> {
  const gitDir = mirrorDirectory(context, remote.url);
  return serialized(gitDir, async () => {
    const env = gitEnvironment(context, remote.authorization ? { authorization: remote.authorization } : {});
    await ensureMirror(context, gitDir, remote.url);
    await fetchWithRetry(gitDir, env, [remote.url, `+${commit}:refs/pipewright/pinned/${commit}`], signal);
    return gitDir;
  });
}

async function fetchWithRetry(gitDir: string, env: NodeJS.ProcessEnv, refspecs: string[], signal: AbortSignal | undefined): Promise<number> {
  const args = ['--git-dir', gitDir, 'fetch', '--progress', '--no-write-fetch-head', ...refspecs];
  const attempt = async (): Promise<number> => {
    const { stderr } = await runGit({ args, env, ...(signal ? { signal } : {}) });
    return objectsReceived(stderr);
  };
  try {
    return await attempt();
  } catch (error) {
    // Another process sharing this data directory held a ref lock: its fetch won; ours runs again.
    if (signal?.aborted !== true && error instanceof Error && /cannot lock ref|Unable to create .*\.lock/.test(error.message)) return attempt();
    throw error;
  }
}

function objectsReceived(stderr: string): number {
  const totals = [...stderr.matchAll(/Total (\d+)/g)];
  const last = totals.at(-1);
  return last?.[1] !== undefined ? Number(last[1]) : 0;
}

/** Creates the bare mirror if missing: initialised aside, then renamed into place in one step. */
async function ensureMirror(context: GitContext, gitDir: string, url: string): Promise<void> {
  if (existsSync(join(gitDir, 'HEAD'))) return;
  await mkdir(context.cacheRoot, { recursive: true });
  const staging = join(context.cacheRoot, `.init-${randomUUID()}`);
  const env = gitEnvironment(context);
  try {
    await runGit({ args: ['init', '--quiet', '--bare', staging], env });
    // gc in the foreground: a detached gc would outlive the fetch and escape the serialisation.
    await runGit({ args: ['--git-dir', staging, 'config', 'gc.autoDetach', 'false'], env });
    await writeFile(join(staging, 'pipewright-remote'), `${url}\n`);
    await rename(staging, gitDir);
  } catch (error) {
    // Another process created it first: theirs is as good as ours.
    if (!existsSync(join(gitDir, 'HEAD'))) throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
