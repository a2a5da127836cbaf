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
 * Paths inside the source directory are kept at the version's top. Absolute paths elsewhere (CodeBuild's
 * `/root/.m2/**` paths) are kept under `.pipewright-host/` and put back where they were, never over a file
 * that is there: on CodeBuild they live in a throwaway container, here they may be the host's own
 * directory, which a restore must not change.
 */
/** Where a cache version keeps the files of absolute paths outside the source directory. */
const hostFolder = '.pipewright-host';

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
    const versionDir = join(this.dir, version);
    const hostDir = join(versionDir, hostFolder);
    const options = { recursive: true, force: false, errorOnExist: false, verbatimSymlinks: true, preserveTimestamps: true } as const;
    await cp(versionDir, srcDir, { ...options, filter: (source) => source !== hostDir });
    try {
      if ((await readdir(hostDir)).length > 0) {
        await cp(hostDir, '/', options);
        log.line('system', 'Restored the build cache, with its paths outside the source directory');
        return;
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') log.line('system', `Could not restore the cached paths outside the source directory: ${(error as Error).message}`);
    }
    log.line('system', 'Restored the build cache');
  }

  /** Saves the files `paths` select under `srcDir` as the project's cache. */
  async save(paths: readonly string[], srcDir: string, log: ActionLog): Promise<void> {
    const inside: string[] = [];
    const outside: string[] = [];
    for (const path of paths) {
      const relativePath = isAbsolute(path) ? relative(srcDir, path) : path;
      if (isAbsolute(path) && (relativePath.startsWith('..') || isAbsolute(relativePath))) outside.push(path.slice(1));
      else inside.push(relativePath);
    }
    if (inside.length + outside.length === 0) return;
    const { files: insideFiles } = inside.length === 0 ? { files: [] } : await selectFiles({ srcDir, files: inside, discardPaths: false, enableSymlinks: true });
    const { files: outsideFiles } = outside.length === 0 ? { files: [] } : await selectFiles({ srcDir: '/', files: outside, discardPaths: false, enableSymlinks: true });
    // Files outside the workspace stay where they are after the build: they are copied, never linked.
    const files = [...insideFiles.map((file) => ({ ...file, copy: false })), ...outsideFiles.map((file) => ({ ...file, path: join(hostFolder, file.path), copy: true }))];
    await mkdir(this.dir, { recursive: true });
    const version = `v-${Date.now()}-${randomBytes(4).toString('hex')}`;
    const versionDir = join(this.dir, version);
    for (const file of files) {
      const target = join(versionDir, file.path);
      await mkdir(resolve(target, '..'), { recursive: true });
      if (file.symlink) await symlink(await readlink(file.source), target);
      else if (file.copy) await copyFile(file.source, target, constants.COPYFILE_FICLONE);
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
