import { randomUUID } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { chmod, copyFile, link, lstat, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { chunkBytesFor, hashFile } from '../tree/hash-file.js';
import { HashingStream } from '../tree/hashing-stream.js';
import { blobModes, blobPath, type ArtifactLayout } from './layout.js';
import { blobIdentity } from './verify-blobs.js';

export interface TakenFile {
  sha256: string;
  size: number;
  /** The blob's inode as it was just hashed (verify-blobs.ts), when this intake made the blob; not when it was stored before. */
  hashedBlob?: { path: string; identity: string };
}

/**
 * Takes a producer's file into the blob store.
 *
 * Consumed: the file is first renamed into staging, so the producer's directory no longer names it
 * (no data moves: same filesystem). Then it is hashed and hard-linked as the blob, or dropped when an
 * identical blob is already stored. A file that other paths still name (link count > 1, for instance a
 * hard link into a build cache) is copied instead: its other names could still change it.
 *
 * Not consumed: the caller keeps its file, so the store copies it, hashing in the same pass.
 *
 * Blobs are made read-only (0444, or 0555 when executable). That keeps any process that is not root
 * from writing through a hard link of a read-only checkout; root ignores modes, which is why only
 * read-only checkouts get hard links and writable ones get an overlay or a copy.
 */
export async function takeFile(layout: ArtifactLayout, source: string, size: number, executable: boolean, consume: boolean): Promise<TakenFile> {
  if (!consume) return takeStream(layout, createReadStream(source, { highWaterMark: chunkBytesFor(size) }), executable);
  const staged = stagingPath(layout);
  try {
    await rename(source, staged);
  } catch (error) {
    // Another filesystem: renaming cannot take it, so copy it (the caller is giving it up anyway).
    if ((error as NodeJS.ErrnoException).code === 'EXDEV') {
      const taken = await takeStream(layout, createReadStream(source, { highWaterMark: chunkBytesFor(size) }), executable);
      await rm(source, { force: true });
      return taken;
    }
    throw error;
  }
  const { digests, bytes, nlink } = await hashFile(staged, ['sha256']);
  const sha256 = digests.sha256 as string;
  const hashedBlob = await commitStaged(layout, staged, sha256, executable, nlink > 1);
  return { sha256, size: bytes, ...(hashedBlob !== undefined ? { hashedBlob } : {}) };
}

/** Takes content from a stream (a zip entry, a copied file): written to staging while it is hashed. */
export async function takeStream(layout: ArtifactLayout, input: Readable, executable: boolean): Promise<TakenFile> {
  const staged = stagingPath(layout);
  const hashing = new HashingStream(['sha256']);
  try {
    await pipeline(input, hashing, createWriteStream(staged, { flags: 'wx' }));
  } catch (error) {
    await rm(staged, { force: true });
    throw error;
  }
  const sha256 = hashing.digest('sha256');
  const hashedBlob = await commitStaged(layout, staged, sha256, executable, false);
  return { sha256, size: hashing.bytes, ...(hashedBlob !== undefined ? { hashedBlob } : {}) };
}

async function commitStaged(
  layout: ArtifactLayout,
  staged: string,
  sha256: string,
  executable: boolean,
  sharedInode: boolean,
): Promise<TakenFile['hashedBlob']> {
  const target = blobPath(layout, sha256, executable);
  try {
    let owned = staged;
    if (sharedInode) {
      if (await exists(target)) return undefined;
      owned = stagingPath(layout);
      await copyFile(staged, owned, constants.COPYFILE_FICLONE);
    }
    await chmod(owned, executable ? blobModes.executable : blobModes.plain);
    let hashedBlob: TakenFile['hashedBlob'];
    try {
      // link, not rename: it never replaces a blob stored before (checkouts may share its inode), and
      // EEXIST is how a file already stored is found: identical content is kept once.
      await link(owned, target);
      // The blob is the inode just hashed (a clone of it when copied): its content is known good.
      hashedBlob = { path: target, identity: blobIdentity(await stat(target)) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (owned !== staged) await rm(owned, { force: true });
    return hashedBlob;
  } finally {
    await rm(staged, { force: true });
  }
}

function stagingPath(layout: ArtifactLayout): string {
  return join(layout.staging, randomUUID());
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
