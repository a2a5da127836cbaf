import { runGit } from './git-process.js';

/** One entry of a commit's tree as `git ls-tree -r` lists it: metadata only, no content read. */
export type GitTreeEntry =
  | { type: 'file'; path: string; executable: boolean; blobId: string; size: number }
  | { type: 'symlink'; path: string; blobId: string }
  /** A submodule: an export makes it an empty directory. */
  | { type: 'gitlink'; path: string }
  /** A mode this table does not know: left to an export to make sense of. */
  | { type: 'other'; path: string; mode: string };

/** git's modes and what an export makes of each (`read-tree -u`): the rules as a table. */
const entryTypes: Record<string, 'file' | 'executable' | 'symlink' | 'gitlink'> = {
  '100644': 'file',
  '100755': 'executable',
  // Old repositories may still hold group-writable modes: checked out, they are plain files.
  '100664': 'file',
  '120000': 'symlink',
  '160000': 'gitlink',
};

/**
 * Every entry of `commit`'s tree, recursively (`git ls-tree -r -z -l`: one process, reading tree
 * objects only). Paths come NUL-terminated and unquoted, so any byte git allows in a name survives.
 */
export async function listTree(env: NodeJS.ProcessEnv, gitDir: string, commit: string, signal?: AbortSignal): Promise<GitTreeEntry[]> {
  const { stdout } = await runGit({ args: ['--git-dir', gitDir, 'ls-tree', '-r', '-z', '-l', '--full-tree', commit], env, ...(signal ? { signal } : {}) });
  const entries: GitTreeEntry[] = [];
  for (const record of stdout.toString('utf8').split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode = '', , objectId = '', size = ''] = record.slice(0, tab).split(/ +/);
    const path = record.slice(tab + 1);
    const kind = entryTypes[mode];
    if (tab < 0) throw new Error(`git ls-tree printed an entry without a path: ${JSON.stringify(record)}.`);
    if (kind === undefined) entries.push({ type: 'other', path, mode });
    else if (kind === 'gitlink') entries.push({ type: 'gitlink', path });
    else if (kind === 'symlink') entries.push({ type: 'symlink', path, blobId: objectId });
    else entries.push({ type: 'file', path, executable: kind === 'executable', blobId: objectId, size: Number(size) });
  }
  return entries;
}
