import { commitInfoOf } from './commit-object.js';
import { readCommit, type CommitInfo } from './commit-metadata.js';
import { MissingGitObjectError, type GitObjectReader } from './object-reader.js';

/**
 * The commit `name` names (`refs/heads/main^{commit}`, a commit id) with its metadata, read through a
 * running `cat-file` (no process started), or undefined when it names no commit. A commit whose
 * metadata git show could print otherwise (commit-object.ts) is read by git show, as before.
 */
export async function readCommitObject(reader: GitObjectReader, env: NodeJS.ProcessEnv, gitDir: string, name: string): Promise<CommitInfo | undefined> {
  const commit = await findCommit(reader, name);
  if (commit === undefined) return undefined;
  return commitInfoOf(commit.id, commit.content) ?? readCommit(env, gitDir, commit.id);
}

/** The full id of the commit `name` names (a branch's ref peels to its commit), or undefined: rev-parse's answer without its process. */
export async function resolveCommitObject(reader: GitObjectReader, name: string): Promise<string | undefined> {
  return (await findCommit(reader, name))?.id;
}

async function findCommit(reader: GitObjectReader, name: string): Promise<{ id: string; content: Buffer } | undefined> {
  try {
    return await reader.readWhole(`${name}^{commit}`, 'commit');
  } catch (error) {
    if (error instanceof MissingGitObjectError) return undefined;
    throw error;
  }
}
