import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { Readable } from 'node:stream';
import { zipDirectoryMode, zipEntryTime, zipFileMode, zipSymlinkMode } from './zip-modes.js';

/** What goes into a zip; a file's content is opened only when its turn comes, and must have `size` bytes. */
export type ZipSourceEntry =
  | { type: 'file'; path: string; executable: boolean; size: number; open: () => Readable }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'dir'; path: string };

/**
 * Writes a zip of the entries at `zipPath`, streaming: yazl opens each file only when its turn comes,
 * so neither a big file nor many small ones are held in memory or in open descriptors. The archive is
 * written beside `zipPath` and renamed into place, so nobody reads half a zip.
 */
export async function writeZipFile(entries: readonly ZipSourceEntry[], zipPath: string): Promise<void> {
  const zip = new ZipFile();
  for (const entry of entries) {
    switch (entry.type) {
      case 'file': {
        const open = entry.open;
        // yazl checks the byte count against `size`: a file that changed since it was listed fails the zip.
        zip.addReadStreamLazy(entry.path, { mode: zipFileMode(entry.executable), mtime: zipEntryTime, size: entry.size }, (callback) => {
          try {
            callback(null, open());
          } catch (error) {
            callback(error, undefined as never);
          }
        });
        break;
      }
      case 'symlink':
        // Info-ZIP's convention: a symlink is an entry whose content is its target, with the S_IFLNK mode.
        zip.addBuffer(Buffer.from(entry.target), entry.path, { mode: zipSymlinkMode, mtime: zipEntryTime, compress: false });
        break;
      case 'dir':
        zip.addEmptyDirectory(entry.path, { mode: zipDirectoryMode, mtime: zipEntryTime });
        break;
    }
  }
  zip.end();
  const partial = `${zipPath}.partial-${process.pid}-${Date.now()}`;
  try {
    await pipeline(zip.outputStream, createWriteStream(partial));
    await rename(partial, zipPath);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
