import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, readlink, realpath, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SelectedFile } from './select-files.js';

/**
 * Lays the chosen files out under `directory` as the artifact's tree, without copying where it can.
 * The tree is then given up to the artifact store (consumed), which may take the files' inodes and
 * make them read-only: so a file is hard-linked only when the workspace holds its one and only link
 * (the build is over, nothing else can see or change it). A file with other links (a shared checkout,
 * something the build linked from elsewhere on the host) or reached through a symbolic link is copied
 * (a reflink where the filesystem has them). Returns paths that two files claimed (discard-paths):
 * the later one is kept, as CodeBuild does.
 */
export async function stageFiles(files: readonly SelectedFile[], directory: string): Promise<{ overwritten: string[] }> {
  await mkdir(directory, { recursive: true });
  const placed = new Set<string>();
  const overwritten: string[] = [];
  const made = new Set<string>();
  for (const file of files) {
    const target = join(directory, file.path);
    if (placed.has(file.path)) {
      overwritten.push(file.path);
      await rm(target, { force: true });
    }
    placed.add(file.path);
    const parent = dirname(target);
    if (!made.has(parent)) {
      await mkdir(parent, { recursive: true });
      made.add(parent);
    }
    if (file.symlink) await symlink(await readlink(file.source), target);
    else await placeFile(file.source, target);
  }
  return { overwritten };
}

async function placeFile(source: string, target: string): Promise<void> {
  const info = await lstat(source);
  if (info.isSymbolicLink()) {
    // Through a symbolic link the content is taken, as a copy: what it points at is not ours.
    await copyFile(await realpath(source), target, constants.COPYFILE_FICLONE);
    return;
  }
  if (info.nlink === 1) {
    try {
      await link(source, target);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
    }
  }
  await copyFile(source, target, constants.COPYFILE_FICLONE);
}
