import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, readdir, readlink, rename, rm, symlink, cp } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ActionLog } from '../../../core/contracts/action-log.js';
import { selectFiles } from '../outputs/select-files.js';

/**
 * The build cache of a project, `<data-dir>/cache/codebuild/<project>/`: the files of the buildspec's
 * `cache.paths` kept from the last successful build and put back before the next one.
 *
 * Each save is a new version directory, made current by renaming a symbolic link over `current` (an
 * atomic switch): a build restoring while another saves reads one whole version. The version before
 * is kept one save longer, for a restore that started just before the switch.
 *
 * Paths are taken inside the source directory only. On CodeBuild a path like `/root/.m2/**` lives in a
 * throwaway container; on a host it is the host's own directory, which persists by itself and must not
 * be overwritten by a restore.
 */
export class BuildCache {
  private readonly dir: string;

  constructor(dataDir: string, projectName: string) {
    this.dir = join(dataDir, 'cache', 'codebuild', projectName);
  }

  /** Puts the cached files back under `srcDir`; files the source already has win. */
  async restore(srcDir: string, log: ActionLog): Promise<void> {
    let version: string;
    try {
      version = await readlink(join(this.dir, 'current'));
    } catch {
      log.line('system', 'No build cache yet for this project');
      return;
    }
    await cp(join(this.dir, version), srcDir, { recursive: true, force: false, errorOnExist: false, verbatimSymlinks: true, preserveTimestamps: true });
    log.line('system', 'Restored the build cache');
  }

  /** Saves the files `paths` select under `srcDir` as the project's cache. */
  async save(paths: readonly string[], srcDir: string, log: ActionLog): Promise<void> {
    const inside: string[] = [];
    for (const path of paths) {
      const relativePath = isAbsolute(path) ? relative(srcDir, path) : path;
      if (relativePath.startsWith('..') || isAbsolute(relativePath)) {
        log.line('system', `Not caching ${path}: only paths inside the source directory are cached (a host directory persists by itself)`);
      } else inside.push(relativePath);
    }
    if (inside.length === 0) return;
    const { files } = await selectFiles({ srcDir, files: inside, discardPaths: false, enableSymlinks: true });
    await mkdir(this.dir, { recursive: true });
    const version = `v-${Date.now()}-${randomBytes(4).toString('hex')}`;
    const versionDir = join(this.dir, version);
    for (const file of files) {
      const target = join(versionDir, file.path);
      await mkdir(resolve(target, '..'), { recursive: true });
      if (file.symlink) await symlink(await readlink(file.source), target);
      else await keep(file.source, target);
    }
    await mkdir(versionDir, { recursive: true });
    const previous = await readlink(join(this.dir, 'current')).catch(() => undefined);
    const next = join(this.dir, `current-${version}`);
    await symlink(version, next);
    await rename(next, join(this.dir, 'current'));
    // Keep the version just replaced (a restore may be reading it); remove older ones.
    for (const entry of await readdir(this.dir)) {
      if (entry.startsWith('v-') && entry !== version && entry !== previous) await rm(join(this.dir, entry), { recursive: true, force: true });
    }
    log.line('system', `Saved ${files.length} files to the build cache`);
  }
}

/** Takes a file into the cache: a hard link when the workspace holds its only link (it is about to be removed), else a copy. */
async function keep(source: string, target: string): Promise<void> {
  if ((await lstat(source)).nlink === 1) {
    try {
      await link(source, target);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    }
  }
  await copyFile(source, target, constants.COPYFILE_FICLONE);
}
