import { chmod, mkdir, symlink } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TreeSourceEntry } from '../../core/contracts/artifact-store.js';
import { fileMode } from './manifest.js';
import { checkRelativePath } from './relative-path.js';

/**
 * Writes the entries of a tree out under `directory`, one file at a time: for a store that keeps every
 * byte of an artifact together (a zip object) and so has nothing to gain from knowing content ahead.
 * Paths are checked as the manifest checks them, and symlinks are made last (a path under one then
 * finds a real directory in its place and fails), so nothing is written outside `directory`.
 */
export async function writeTree(entries: readonly TreeSourceEntry[], directory: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  const symlinksLast = [...entries.filter((entry) => entry.type !== 'symlink'), ...entries.filter((entry) => entry.type === 'symlink')];
  for (const entry of symlinksLast) {
    const path = join(directory, checkRelativePath(entry.path, 'the tree given'));
    if (entry.type === 'dir') {
      await mkdir(path, { recursive: true });
      continue;
    }
    await mkdir(dirname(path), { recursive: true });
    if (entry.type === 'symlink') {
      await symlink(entry.target, path);
      continue;
    }
    await pipeline(await entry.open(), createWriteStream(path, { flags: 'wx' }));
    // The umask must not decide the executable bit.
    await chmod(path, fileMode(entry.executable));
  }
}
