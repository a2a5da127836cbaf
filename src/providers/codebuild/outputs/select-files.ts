import { lstat, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { glob } from 'tinyglobby';

/** A file chosen for an artifact or a report: where it is, and the path it gets. */
export interface SelectedFile {
  source: string;
  path: string;
  /** Keep it as a symbolic link (artifacts with enable-symlinks). */
  symlink: boolean;
}

/**
 * Chooses files as CodeBuild's `files` globs do: relative to `base-directory` (itself relative to the
 * source directory), hidden files included, a directory named alone meaning all it holds, minus
 * `exclude-paths`. Symbolic links are followed (their content is taken) unless `enableSymlinks`, when
 * the link itself is kept, a linked directory as one link. With `discardPaths` only file names remain.
 */
export async function selectFiles(spec: {
  srcDir: string;
  files: readonly string[];
  baseDirectory?: string;
  excludePaths?: readonly string[];
  discardPaths: boolean;
  enableSymlinks?: boolean;
}): Promise<{ base: string; files: SelectedFile[]; problems: string[] }> {
  const base = resolve(spec.srcDir, spec.baseDirectory ?? '.');
  const problems: string[] = [];
  const patterns = spec.files.map(normalise).filter((pattern) => {
    if (isAbsolute(pattern) || pattern.split('/').includes('..')) {
      problems.push(`Skipping invalid file path ${pattern}: paths are relative to the base directory and stay inside it`);
      return false;
    }
    return true;
  });
  if (!(await isDirectory(base))) {
    problems.push(`Skipping invalid base directory ${spec.baseDirectory ?? '.'}: it does not exist`);
    return { base, files: [], problems };
  }
  const matched = patterns.length === 0 ? [] : await glob(patterns, { cwd: base, dot: true, onlyFiles: true, ignore: (spec.excludePaths ?? []).map(normalise) });
  const paths = spec.enableSymlinks === true ? await collapseLinkedDirectories(base, matched) : matched;
  const files: SelectedFile[] = [];
  // The server reads what the build chose with its own rights: a link is followed only as far as the
  // build's sources (the sandbox showed the build nothing else it could link to and have read for it).
  const sourcesRoot = await realpath(dirname(spec.srcDir));
  const sources = sourcesRoot.endsWith('/') ? sourcesRoot : `${sourcesRoot}/`;
  for (const path of [...new Set(paths)].sort()) {
    const source = join(base, path);
    const symlink = spec.enableSymlinks === true && (await lstat(source)).isSymbolicLink();
    if (!symlink) {
      const real = await realpath(source).catch(() => undefined);
      if (real === undefined || !real.startsWith(sources)) {
        problems.push(`Skipping ${path}: it links to ${real ?? 'nothing'}, outside the build's sources`);
        continue;
      }
    }
    files.push({ source, path: spec.discardPaths ? basename(path) : path, symlink });
  }
  return { base, files, problems };
}

function normalise(pattern: string): string {
  return pattern.startsWith('./') ? pattern.slice(2) : pattern;
}

/** With links kept, a file reached through a linked directory is that directory's link. */
async function collapseLinkedDirectories(base: string, paths: string[]): Promise<string[]> {
  const result: string[] = [];
  const linkCache = new Map<string, boolean>();
  for (const path of paths) {
    const segments = path.split('/');
    let kept = path;
    for (let i = 1; i < segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      let isLink = linkCache.get(prefix);
      if (isLink === undefined) {
        isLink = (await lstat(join(base, prefix))).isSymbolicLink();
        linkCache.set(prefix, isLink);
      }
      if (isLink) {
        kept = prefix;
        break;
      }
    }
    result.push(kept);
  }
  return result;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
