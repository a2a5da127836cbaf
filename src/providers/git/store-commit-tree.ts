import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ArtifactOwner, ArtifactRef, ArtifactStore, TreeSourceEntry } from '../../core/contracts/artifact-store.js';
import { BlobDigests } from './blob-digests.js';
import type { GitContext } from './git-environment.js';
import type { GitObjectReader } from './object-reader.js';
import { withObjectReader } from './object-reader-pool.js';
import { listCommitTree, type GitTreeEntry } from './tree-listing.js';

export interface CommitTreeRequest {
  context: GitContext;
  gitDir: string;
  commit: string;
  /** The commit's root tree, when known: listed without asking git for it (it may have been read ahead). */
  tree?: string;
  artifacts: Pick<ArtifactStore, 'putTree'>;
  owner: ArtifactOwner;
  signal?: AbortSignal;
}

export interface StoredCommitTree {
  ref: ArtifactRef;
  files: number;
  /** Blobs whose content was read from git for this artifact: the new ones. */
  read: number;
}

/**
 * Stores the files of `commit` (CODE_ZIP) without writing them out, through the repository's running
 * `git cat-file --batch` (object-reader-pool.ts, no process started):
 * the tree objects are listed (those not listed before, tree-listing.ts), every blob the repository's
 * BlobDigests already knows is handed to the store by its sha256, and only the others are read. After a
 * one-file change that is the trees on its path and one blob, whatever the size of the repository. The
 * artifact is the one an export and putDirectory give (the same manifest, the same digest).
 *
 * Undefined when an export could differ from the blobs (see needsExport): the caller exports instead.
 */
export async function storeCommitTree(request: CommitTreeRequest): Promise<StoredCommitTree | undefined> {
  const { context, gitDir, signal } = request;
  if (existsSync(join(gitDir, 'info', 'attributes'))) return undefined;
  return withObjectReader(context, gitDir, signal, (reader) => storeThrough(reader, request));
}

async function storeThrough(reader: GitObjectReader, request: CommitTreeRequest): Promise<StoredCommitTree | undefined> {
  const { gitDir } = request;
  let read = 0;
  const listed = await listCommitTree(reader, request.commit, request.tree);
  if (needsExport(listed)) return undefined;
  const digests = await BlobDigests.open(request.context, gitDir);
  const entries: TreeSourceEntry[] = [];
  for (const entry of listed) {
    switch (entry.type) {
      case 'gitlink':
        entries.push({ type: 'dir', path: entry.path });
        break;
      case 'symlink':
        entries.push({ type: 'symlink', path: entry.path, target: (await reader.readWhole(entry.blobId, 'blob')).content.toString('utf8') });
        break;
      case 'other':
        throw new Error(`unreachable: ${entry.path} has mode ${entry.mode}`);
      case 'file': {
        const remembered = digests.get(entry.blobId);
        entries.push({
          type: 'file',
          path: entry.path,
          executable: entry.executable,
          ...(remembered !== undefined ? { known: remembered } : {}),
          open: async (): Promise<Readable> => {
            read += 1;
            const object = await reader.read(entry.blobId);
            if (object.type !== 'blob') throw new Error(`The git object ${entry.blobId} at ${entry.path} is a ${object.type}, not a blob.`);
            return object.content;
          },
          stored: (content) => digests.add(entry.blobId, content),
        });
      }
    }
  }
  try {
    const ref = await request.artifacts.putTree(entries, request.owner);
    return { ref, files: listed.filter((entry) => entry.type === 'file').length, read };
  } finally {
    await digests.save();
  }
}

/**
 * When the blobs are not what an export writes: `.gitattributes` may convert line endings or expand
 * keywords on checkout, a `.git` path is refused by git's checkout, and a mode we do not know is left to
 * git to make sense of. Those trees take the export (export-tree.ts), as every tree did before.
 */
export function needsExport(entries: readonly GitTreeEntry[]): boolean {
  return entries.some((entry) => {
    if (entry.type === 'other') return true;
    const segments = entry.path.toLowerCase().split('/');
    return segments.includes('.git') || segments.at(-1) === '.gitattributes';
  });
}
