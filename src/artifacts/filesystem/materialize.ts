import { constants } from 'node:fs';
import { chmod, copyFile, link, mkdir, readdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PipewrightError } from '../../core/errors/index.js';
import { fileMode, type TreeManifest } from '../tree/manifest.js';
import { parentDirectories } from '../tree/relative-path.js';
import { mapLimit } from '../tree/map-limit.js';
import { blobModes, blobPath, type ArtifactLayout } from './layout.js';

/**
 * How a file reaches a checkout: `link` shares the blob's inode (zero copy, read-only modes);
 * `copy` gives a private file with the manifest's mode (0644/0755) that may be written freely.
 */
export type FilePlacement = 'link' | 'copy';

/** Creates `directory` if missing and insists that it is empty: a checkout never mixes with old files. */
export async function prepareEmptyDirectory(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  const present = await readdir(directory);
  if (present.length > 0) {
    throw new PipewrightError('ValidationException', `Cannot check out an artifact into ${directory}: the directory is not empty (${present.length} entries).`);
  }
}

/**
 * Builds the tree of a manifest under `directory` from the blob store: directories first, then files
 * and symlinks a few at a time. A link
 * that fails because the target is on another filesystem falls back to a copy with read-only modes.
 */
export async function materialize(layout: ArtifactLayout, manifest: TreeManifest, directory: string, placement: FilePlacement): Promise<void> {
  const directories = new Set<string>();
  for (const entry of manifest.entries) {
    const parent = entry.type === 'dir' ? entry.path : dirname(entry.path);
    if (parent !== '.') directories.add(parent);
  }
  // Level by level, so that every parent exists before its children and each level goes in parallel.
  const byDepth = new Map<number, Set<string>>();
  for (const relative of directories) {
    for (const path of [...parentDirectories(relative), relative]) {
      const depth = path.split('/').length;
      const level = byDepth.get(depth) ?? new Set<string>();
      level.add(path);
      byDepth.set(depth, level);
    }
  }
  for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
    await mapLimit([...(byDepth.get(depth) ?? [])], 16, (relative) => mkdirIfMissing(join(directory, relative)));
  }
  await mapLimit(manifest.entries, 16, async (entry) => {
    const destination = join(directory, entry.path);
    switch (entry.type) {
      case 'dir':
        return;
      case 'symlink':
        await symlink(entry.target, destination);
        return;
      case 'file': {
        const blob = blobPath(layout, entry.sha256, entry.executable);
        if (placement === 'link') {
          try {
            await link(blob, destination);
            return;
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
          }
          await copyFile(blob, destination, constants.COPYFILE_FICLONE);
          await chmod(destination, entry.executable ? blobModes.executable : blobModes.plain);
          return;
        }
        // FICLONE shares extents where the filesystem can (btrfs, XFS) and copies where it cannot.
        await copyFile(blob, destination, constants.COPYFILE_FICLONE);
        await chmod(destination, fileMode(entry.executable));
        return;
      }
    }
  });
}

async function mkdirIfMissing(path: string): Promise<void> {
  try {
    await mkdir(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
