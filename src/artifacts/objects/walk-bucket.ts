import { readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

/**
 * The keys of a bucket: every file under `<B>/`, following symlinks that stay inside the buckets root
 * (deployed prefixes are symlinks to their generation) and ignoring those that lead elsewhere, so a
 * symlink made by hand cannot publish files from outside. A directory seen twice is walked once.
 */
export async function walkBucket(bucketRoot: string, bucketsRoot: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  const seen = new Set<string>();
  const realBucketsRoot = await realpath(bucketsRoot);
  async function walk(absolute: string, relative: string): Promise<void> {
    let real: string;
    try {
      real = await realpath(absolute);
    } catch {
      return;
    }
    if (real !== realBucketsRoot && !real.startsWith(realBucketsRoot + sep)) return;
    const stats = await stat(real);
    if (stats.isFile()) {
      if (relative.startsWith(prefix)) keys.push(relative);
      return;
    }
    if (!stats.isDirectory()) return;
    const identity = `${stats.dev}:${stats.ino}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    // Only folders that can hold keys with this prefix are worth entering.
    if (relative !== '' && !prefix.startsWith(`${relative}/`) && !relative.startsWith(prefix)) return;
    for (const name of await readdir(real)) await walk(join(absolute, name), relative === '' ? name : `${relative}/${name}`);
  }
  await walk(bucketRoot, '');
  return keys.sort();
}
