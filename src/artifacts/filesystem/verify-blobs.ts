import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ArtifactRef } from '../../core/contracts/artifact-store.js';
import { hashFile } from '../tree/hash-file.js';
import type { TreeEntry, TreeManifest } from '../tree/manifest.js';
import { mapLimit } from '../tree/map-limit.js';
import { blobPath, type ArtifactLayout } from './layout.js';
import type { TakenFile } from './blob-intake.js';

/** An artifact whose stored content no longer matches the hashes recorded when it was stored. */
export class CorruptedArtifactError extends Error {
  override readonly name = 'CorruptedArtifactError';
}

/** Blobs verified since the process started, by path: what their inode looked like then. */
const verifiedLimit = 200_000;

/**
 * What must stay the same for a verified blob to need no new hash: inode, size and modification time
 * (a write changes the modification time; not the change time, which every hard-linked checkout bumps).
 */
export function blobIdentity(stats: Pick<Stats, 'ino' | 'size' | 'mtimeMs'>): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

/**
 * Re-hashes every file of an artifact from the blob store before it is read (checkout, zip) and
 * compares it with the sha256 and size its manifest recorded: a blob changed on disk (a damaged disk, a
 * hand edit in the data directory, a tampered file) fails the action that reads it, naming the artifact
 * and the file, instead of handing it on as if it were what the earlier action produced.
 *
 * A blob once verified, or hashed as this process stored it, is not hashed again while its
 * blobIdentity stays the same: a checkout costs a stat per file, not a read of every byte, until the
 * server restarts (docs/decisions/hardening.md).
 */
export class BlobVerifier {
  private readonly verified = new Map<string, string>();

  constructor(private readonly layout: ArtifactLayout) {}

  /** Records blobs this process just hashed as it stored them. */
  remember(hashed: TakenFile['hashedBlob']): void {
    if (hashed === undefined) return;
    if (this.verified.size >= verifiedLimit) this.verified.clear();
    this.verified.set(hashed.path, hashed.identity);
  }

  async verify(manifest: TreeManifest, ref: Pick<ArtifactRef, 'bucket' | 'key'>): Promise<void> {
    await mapLimit(manifest.entries, 8, async (entry) => {
      if (entry.type === 'file') await this.verifyFile(entry, ref);
    });
  }

  private async verifyFile(entry: Extract<TreeEntry, { type: 'file' }>, ref: Pick<ArtifactRef, 'bucket' | 'key'>): Promise<void> {
    const path = blobPath(this.layout, entry.sha256, entry.executable);
    let found: { sha256: string; size: number } | undefined;
    try {
      const before = await stat(path);
      const identity = blobIdentity(before);
      if (this.verified.get(path) === identity) return;
      const hashed = await hashFile(path, ['sha256']);
      found = { sha256: hashed.digests.sha256 ?? '', size: hashed.bytes };
      if (found.sha256 === entry.sha256 && found.size === entry.size) {
        if (this.verified.size >= verifiedLimit) this.verified.clear();
        this.verified.set(path, identity);
        return;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.verified.delete(path);
    const what = found === undefined ? 'its stored copy is missing' : `its stored copy hashes to sha256 ${found.sha256} (${found.size} bytes)`;
    throw new CorruptedArtifactError(
      `The artifact s3://${ref.bucket}/${ref.key} is corrupted: its file ${entry.path} was stored with sha256 ${entry.sha256} (${entry.size} bytes) but ${what}, in ${path}. ` +
        'Run the action that produced it again (or start a new execution) to store a good copy.',
    );
  }
}
