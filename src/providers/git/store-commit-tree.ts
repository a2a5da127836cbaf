import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { ArtifactOwner, ArtifactRef, ArtifactStore, TreeSourceEntry } from '../../core/contracts/artifact-store.js';
import { GitBlobReader } from './blob-reader.js';
import { BlobDigests } from './blob-digests.js';
import type { GitContext } from './git-environment.js';
import { GitCommandError } from './git-process.js';
import { listTree, type GitTreeEntry } from './tree-listing.js';

export interface CommitTreeRequest {
  context: GitContext;
  env: NodeJS.ProcessEnv;
  gitDir: string;
  commit: string;
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

/** Blobs at least this big stream through a `git cat-file blob` of their own instead of a buffer. */
const streamedBlobBytes = 8 * 1024 * 1024;

/**
 * Stores the files of `commit` (CODE_ZIP) without writing them out: the tree is listed from git
 * (`ls-tree -r`, metadata only), every blob the repository's BlobDigests already knows is handed to the
 * store by its sha256, and only the others are read from git (`cat-file --batch`). After a one-file
 * change that is one blob read, whatever the size of the repository. The artifact is the one an export
 * and putDirectory give (the same manifest, the same digest).
 *
 * Undefined when an export could differ from the blobs (see needsExport): the caller exports instead.
 */
export async function storeCommitTree(request: CommitTreeRequest): Promise<StoredCommitTree | undefined> {
  const { env, gitDir, signal } = request;
  const listed = await listTree(env, gitDir, request.commit, signal);
  if (needsExport(listed) || existsSync(join(gitDir, 'info', 'attributes'))) return undefined;
  const digests = await BlobDigests.open(request.context, gitDir);
  let reader: GitBlobReader | undefined;
  const readBlob = (blobId: string): Promise<Buffer> => (reader ??= new GitBlobReader(env, gitDir, signal)).read(blobId);
  let read = 0;
  try {
    const entries = await Promise.all(
      listed.map(async (entry): Promise<TreeSourceEntry> => {
        switch (entry.type) {
          case 'gitlink':
            return { type: 'dir', path: entry.path };
          case 'symlink':
            return { type: 'symlink', path: entry.path, target: (await readBlob(entry.blobId)).toString('utf8') };
          case 'other':
            throw new Error(`unreachable: ${entry.path} has mode ${entry.mode}`);
          case 'file': {
            const remembered = digests.get(entry.blobId);
            const open = async (): Promise<Readable> => {
              read += 1;
              if (entry.size >= streamedBlobBytes) return streamBlob(env, gitDir, entry.blobId, signal);
              return Readable.from([await readBlob(entry.blobId)], { objectMode: false });
            };
            return {
              type: 'file',
              path: entry.path,
              executable: entry.executable,
              // The listing's size must agree: a remembered digest of other content is ignored.
              ...(remembered !== undefined && remembered.size === entry.size ? { known: remembered } : {}),
              open,
              stored: (content) => digests.add(entry.blobId, content),
            };
          }
        }
      }),
    );
    const ref = await request.artifacts.putTree(entries, request.owner);
    return { ref, files: listed.filter((entry) => entry.type === 'file').length, read };
  } finally {
    reader?.close();
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

/** A big blob's content as git prints it; the stream fails when git does. */
function streamBlob(env: NodeJS.ProcessEnv, gitDir: string, blobId: string, signal?: AbortSignal): Readable {
  const args = ['--git-dir', gitDir, 'cat-file', 'blob', blobId];
  const child = spawn('git', args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...(signal ? { signal } : {}) });
  const out = new PassThrough();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-8192)));
  child.stdout.pipe(out, { end: false });
  child.on('error', (error) => out.destroy(new GitCommandError(args, null, stderr || error.message, { cause: error })));
  child.on('close', (code) => (code === 0 ? out.end() : out.destroy(new GitCommandError(args, code, stderr))));
  return out;
}
