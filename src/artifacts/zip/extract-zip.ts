import { createWriteStream } from 'node:fs';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { buildManifest, fileMode, type TreeEntry, type TreeManifest } from '../tree/manifest.js';
import { HashingStream } from '../tree/hashing-stream.js';
import { forEachZipEntry } from './read-zip.js';

/**
 * Extracts a zip into `directory` (which must be empty) and returns the manifest of what it holds,
 * hashing each file as it is written. Files are created exclusively (`wx`): a duplicate entry, or an
 * entry that would land on a symlink, fails instead of writing through it. Symlinks are created last,
 * after the manifest has refused any entry nested under one, so no write can ever follow them.
 */
export async function extractZip(zipPath: string, directory: string, where: string): Promise<TreeManifest> {
  const entries: TreeEntry[] = [];
  const symlinks: Array<{ path: string; target: string }> = [];
  await forEachZipEntry(zipPath, where, async (entry) => {
    switch (entry.type) {
      case 'dir':
        await mkdir(join(directory, entry.path), { recursive: true });
        entries.push(entry);
        return;
      case 'symlink':
        symlinks.push(entry);
        entries.push(entry);
        return;
      case 'file': {
        const destination = join(directory, entry.path);
        await mkdir(dirname(destination), { recursive: true });
        const hashing = new HashingStream(['sha256']);
        await pipeline(await entry.open(), hashing, createWriteStream(destination, { flags: 'wx', mode: fileMode(entry.executable) }));
        // The process umask may have taken bits away from the mode given at creation.
        await chmod(destination, fileMode(entry.executable));
        entries.push({ type: 'file', path: entry.path, executable: entry.executable, size: hashing.bytes, sha256: hashing.digest('sha256') });
        return;
      }
    }
  });
  const manifest = buildManifest(entries, where);
  for (const link of symlinks) {
    await mkdir(dirname(join(directory, link.path)), { recursive: true });
    await symlink(link.target, join(directory, link.path));
  }
  return manifest;
}
