import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** One entry found on disk, with where it is (`source`) and what the manifest will say of it. */
export type ScannedEntry =
  | { type: 'file'; path: string; source: string; executable: boolean; size: number }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'dir'; path: string };

/**
 * Lists a directory tree without following symlinks (a symlink is stored as a symlink, never as what
 * it points to). Sockets, FIFOs and devices are left out, as git leaves them out: they are not content.
 * Every directory is listed; the manifest keeps only the empty ones.
 */
export async function scanDirectory(root: string): Promise<ScannedEntry[]> {
  const found: ScannedEntry[] = [];
  async function walk(relative: string): Promise<void> {
    const absolute = relative === '' ? root : join(root, relative);
    for (const dirent of await readdir(absolute, { withFileTypes: true })) {
      const path = relative === '' ? dirent.name : `${relative}/${dirent.name}`;
      const source = join(absolute, dirent.name);
      if (dirent.isDirectory()) {
        found.push({ type: 'dir', path });
        await walk(path);
      } else if (dirent.isSymbolicLink()) {
        found.push({ type: 'symlink', path, target: await readlink(source) });
      } else if (dirent.isFile()) {
        const stats = await lstat(source);
        found.push({ type: 'file', path, source, executable: (stats.mode & 0o100) !== 0, size: stats.size });
      }
    }
  }
  await walk('');
  return found;
}
