import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A tree as tests describe it: files with content and mode, symlinks, empty directories. */
export type TreeSpec = Record<string, { content: string | Buffer; mode?: number } | { symlink: string } | { dir: true }>;

export interface TreeListing {
  path: string;
  type: 'file' | 'symlink' | 'dir';
  /** Permission bits of files and directories. */
  mode?: number;
  content?: string;
  target?: string;
}

/** Directories created by a test, removed by `removeTemporaryDirectories()` in afterEach/afterAll. */
const created: string[] = [];

export function temporaryDirectory(label = 'artifacts'): string {
  const dir = mkdtempSync(join(tmpdir(), `pipewright-${label}-`));
  created.push(dir);
  return dir;
}

/**
 * Removes the test's directories. A test that failed before releasing an overlay checkout leaves it
 * mounted: such mounts are detached first, so cleaning up never fails on a busy mount point.
 */
export function removeTemporaryDirectories(): void {
  const dirs = created.splice(0);
  const mountPoints = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((mountPoint) => dirs.some((dir) => mountPoint.startsWith(`${dir}/`)))
    .sort((a, b) => b.length - a.length);
  for (const mountPoint of mountPoints) execFileSync('umount', ['-l', mountPoint]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

export function writeTree(root: string, spec: TreeSpec): string {
  mkdirSync(root, { recursive: true });
  for (const [path, entry] of Object.entries(spec)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    if ('dir' in entry) mkdirSync(target, { recursive: true });
    else if ('symlink' in entry) symlinkSync(entry.symlink, target);
    else {
      writeFileSync(target, entry.content);
      chmodSync(target, entry.mode ?? 0o644);
    }
  }
  return root;
}

/** Everything under `root`, sorted, without following symlinks. */
export function listTree(root: string): TreeListing[] {
  const listing: TreeListing[] = [];
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(root, relative)).sort()) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const stats = lstatSync(join(root, path));
      if (stats.isSymbolicLink()) listing.push({ path, type: 'symlink', target: readlinkSync(join(root, path)) });
      else if (stats.isDirectory()) {
        listing.push({ path, type: 'dir', mode: stats.mode & 0o777 });
        walk(path);
      } else listing.push({ path, type: 'file', mode: stats.mode & 0o777, content: readFileSync(join(root, path), 'utf8') });
    }
  };
  walk('');
  return listing;
}

/** The listing with modes reduced to what artifacts keep: the executable bit of files. */
export function contentOf(root: string): Array<Omit<TreeListing, 'mode'> & { executable?: boolean }> {
  return listTree(root).map(({ mode, ...entry }) => (entry.type === 'file' ? { ...entry, executable: ((mode ?? 0) & 0o100) !== 0 } : entry));
}

/** A small tree with what artifacts must keep: nested files, an executable, symlinks, an empty directory. */
export const sampleTree: TreeSpec = {
  'README.md': { content: '# sample\n' },
  'src/index.js': { content: 'console.log("hello");\n' },
  'src/lib/util.js': { content: 'export const one = 1;\n' },
  'bin/run.sh': { content: '#!/bin/sh\necho run\n', mode: 0o755 },
  'docs/copy-of-readme.md': { content: '# sample\n' },
  'link-to-readme': { symlink: 'README.md' },
  'bin/link-up': { symlink: '../src/index.js' },
  'empty/nested-empty': { dir: true },
};
