import { commitInfoOf } from './commit-object.js';
import { readCommit, type CommitInfo } from './commit-metadata.js';
import { MissingGitObjectError, type GitObjectReader } from './object-reader.js';
import { rememberTree } from './tree-listing.js';

/** A commit read from its object: its metadata, and the id of its root tree. */
export interface CommitObject {
  info: CommitInfo;
  tree: string;
}

/**
 * The commit `name` names (`refs/heads/main`, a commit id) with its metadata, read through a running
 * `cat-file` (no process started), or undefined when it names no commit. A commit whose metadata git
 * show could print otherwise (commit-object.ts) is read by git show, as before. Its root tree is asked
 * for in the same breath and kept for the listing (tree-listing.ts): one wait on git, not two.
 */
export async function readCommitObject(reader: GitObjectReader, env: NodeJS.ProcessEnv, gitDir: string, name: string): Promise<CommitObject | undefined> {
  const asked = findCommit(reader, name);
  const rootTree = reader.readWhole(`${name}^{tree}`, 'tree').then(
    (tree) => tree,
    () => undefined,
  );
  const commit = await asked;
  const tree = await rootTree;
  if (commit === undefined) return undefined;
  const treeLine = /^tree ([0-9a-f]{40}|[0-9a-f]{64})\n/.exec(commit.content.toString('latin1', 0, 80));
  if (treeLine?.[1] === undefined) throw new Error(`The git commit ${commit.id} in ${gitDir} does not start with its tree.`);
  // The branch may have moved between the two answers: then this tree is another commit's, unused.
  if (tree !== undefined) rememberTree(tree.id, tree.content);
  return { info: commitInfoOf(commit.id, commit.content) ?? (await readCommit(env, gitDir, commit.id)), tree: treeLine[1] };
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
