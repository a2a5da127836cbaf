import { createHash } from 'node:crypto';
import { PipewrightError } from '../../core/errors/index.js';
import { checkRelativePath, parentDirectories } from './relative-path.js';

/**
 * The manifest of an artifact: every entry of the tree with what it takes to rebuild it. Like git, a
 * file keeps only its executable bit (modes are 0644 or 0755), so the same sources give the same
 * digest whether they came from a zip, a checkout or a build's output. Directories are listed only
 * when empty; the others follow from the paths of what they hold.
 */
export type TreeEntry =
  | { type: 'file'; path: string; executable: boolean; size: number; sha256: string }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'dir'; path: string };

export interface TreeManifest {
  /** Hex sha256 of the canonical encoding of the entries: equal trees have equal digests. */
  digest: string;
  size: number;
  fileCount: number;
  /** Sorted by path. */
  entries: TreeEntry[];
}

export const fileMode = (executable: boolean): number => (executable ? 0o755 : 0o644);

/**
 * Builds the canonical manifest of a set of entries: checks every path, refuses duplicates and an
 * entry nested under a file or a symlink (which would let a checkout write through a symlink), drops
 * directories that are not empty, sorts, and computes the digest.
 */
export function buildManifest(input: Iterable<TreeEntry>, where: string): TreeManifest {
  const byPath = new Map<string, TreeEntry>();
  for (const entry of input) {
    const path = checkRelativePath(entry.path, where);
    const existing = byPath.get(path);
    if (existing !== undefined) {
      // A zip may list a directory twice, or a directory entry for a folder we already know of.
      if (existing.type === 'dir' && entry.type === 'dir') continue;
      throw new PipewrightError('ValidationException', `${where}: the path ${JSON.stringify(path)} appears twice.`);
    }
    byPath.set(path, { ...entry, path });
  }
  const parents = new Set<string>();
  for (const path of byPath.keys()) for (const parent of parentDirectories(path)) parents.add(parent);
  const entries: TreeEntry[] = [];
  for (const entry of byPath.values()) {
    if (parents.has(entry.path)) {
      if (entry.type !== 'dir') {
        throw new PipewrightError('ValidationException', `${where}: ${JSON.stringify(entry.path)} is a ${entry.type} and also holds other entries.`);
      }
      continue;
    }
    entries.push(entry);
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { digest: digestOf(entries), ...totals(entries), entries };
}

function totals(entries: readonly TreeEntry[]): { size: number; fileCount: number } {
  let size = 0;
  let fileCount = 0;
  for (const entry of entries) {
    if (entry.type !== 'file') continue;
    size += entry.size;
    fileCount += 1;
  }
  return { size, fileCount };
}

/** One NUL-terminated record per entry; NUL cannot occur in a path or a symlink target. */
function digestOf(entries: readonly TreeEntry[]): string {
  const hash = createHash('sha256');
  for (const entry of entries) {
    switch (entry.type) {
      case 'file':
        hash.update(`F ${entry.executable ? '755' : '644'} ${entry.sha256} ${entry.size} ${entry.path}\0`);
        break;
      case 'symlink':
        hash.update(`L ${entry.path}\0${entry.target}\0`);
        break;
      case 'dir':
        hash.update(`D ${entry.path}\0`);
        break;
    }
  }
  return hash.digest('hex');
}

/** Reads a manifest back from its stored JSON, checking that it still has the digest it claims. */
export function parseManifest(json: string, where: string): TreeManifest {
  const parsed = JSON.parse(json) as { entries?: unknown };
  if (!Array.isArray(parsed.entries)) throw new Error(`${where}: the manifest has no entries list.`);
  return buildManifest(parsed.entries as TreeEntry[], where);
}

export function serializeManifest(manifest: TreeManifest): string {
  return JSON.stringify({ version: 1, digest: manifest.digest, size: manifest.size, fileCount: manifest.fileCount, entries: manifest.entries });
}
