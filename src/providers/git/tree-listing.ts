import { LRUCache } from 'lru-cache';
import type { GitObjectReader } from './object-reader.js';

/** One entry of a commit's tree, recursively: metadata only, no file content read. */
export type GitTreeEntry =
  | { type: 'file'; path: string; executable: boolean; blobId: string }
  | { type: 'symlink'; path: string; blobId: string }
  /** A submodule: an export makes it an empty directory. */
  | { type: 'gitlink'; path: string }
  /** A mode this table does not know: left to an export to make sense of. */
  | { type: 'other'; path: string; mode: string };

/** git's modes in tree objects and what an export makes of each (`read-tree -u`): the rules as a table. */
const entryTypes: Record<string, 'file' | 'executable' | 'symlink' | 'gitlink' | 'tree'> = {
  '100644': 'file',
  '100755': 'executable',
  // Old repositories may still hold group-writable modes: checked out, they are plain files.
  '100664': 'file',
  '120000': 'symlink',
  '160000': 'gitlink',
  '40000': 'tree',
};

/**
 * Flattened trees by id, kept between runs: a tree id names its whole content, so it never goes stale.
 * At most 50,000, counted as sizes of 1: a `max` would make lru-cache allocate its tables whole when
 * this module loads (9–18 ms of every server start here), a `maxSize` grows them as entries come.
 */
const flattened = new LRUCache<string, readonly GitTreeEntry[]>({ maxSize: 50_000, sizeCalculation: () => 1 });

/**
 * Tree objects read ahead, by id, until listed: a commit's root tree is asked for together with the
 * commit (read-commit-object.ts), so listing does not wait for git once more. An id names its content,
 * so whatever the branch did meanwhile, an entry is right or unused. Bounded: trees read ahead for
 * sources that never list them (a clone, an export) must not pile up; one listed before is not kept.
 */
const readAhead = new LRUCache<string, Buffer>({ maxSize: 8 * 1024 * 1024, sizeCalculation: (content) => Math.max(content.length, 1) });

export function rememberTree(treeId: string, content: Buffer): void {
  if (!flattened.has(treeId)) readAhead.set(treeId, content);
}

/**
 * Every entry of `commit`'s tree (its root tree's id, `tree`, when known), read as tree objects
 * through `reader` (the process that reads the blobs too). A subtree listed before, in any run, is not
 * read again: after a one-file change only the trees on its path are, so listing costs the change's
 * depth, not the repository's size.
 */
export async function listCommitTree(reader: GitObjectReader, commit: string, tree?: string): Promise<readonly GitTreeEntry[]> {
  if (tree !== undefined) return listTree(reader, tree, tree.length / 2);
  const root = await reader.readWhole(`${commit}^{tree}`, 'tree');
  return flatten(reader, root.id, root.content, root.id.length / 2);
}

async function listTree(reader: GitObjectReader, treeId: string, idBytes: number): Promise<readonly GitTreeEntry[]> {
  const known = flattened.get(treeId);
  if (known !== undefined) return known;
  const ahead = readAhead.get(treeId);
  readAhead.delete(treeId);
  const content = ahead ?? (await reader.readWhole(treeId, 'tree')).content;
  return flatten(reader, treeId, content, idBytes);
}

/** A tree object is `<mode> <name>\0<id bytes>` repeated; subtrees are asked for all at once. */
async function flatten(reader: GitObjectReader, treeId: string, content: Buffer, idBytes: number): Promise<readonly GitTreeEntry[]> {
  const entries: GitTreeEntry[] = [];
  const subtrees: Promise<readonly GitTreeEntry[]>[] = [];
  const subtreeNames: string[] = [];
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(32, at);
    const nul = content.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 1 + idBytes > content.length) throw new Error(`The git tree ${treeId} is malformed.`);
    const mode = content.toString('latin1', at, space);
    const name = content.toString('utf8', space + 1, nul);
    const id = content.toString('hex', nul + 1, nul + 1 + idBytes);
    at = nul + 1 + idBytes;
    const kind = entryTypes[mode];
    if (kind === 'tree') {
      subtrees.push(listTree(reader, id, idBytes));
      subtreeNames.push(name);
    } else if (kind === undefined) entries.push({ type: 'other', path: name, mode });
    else if (kind === 'gitlink') entries.push({ type: 'gitlink', path: name });
    else if (kind === 'symlink') entries.push({ type: 'symlink', path: name, blobId: id });
    else entries.push({ type: 'file', path: name, executable: kind === 'executable', blobId: id });
  }
  for (const [index, children] of (await Promise.all(subtrees)).entries()) {
    const prefix = `${subtreeNames[index]}/`;
    for (const child of children) entries.push({ ...child, path: prefix + child.path });
  }
  flattened.set(treeId, entries);
  return entries;
}
