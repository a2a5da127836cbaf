import { createWriteStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { openPromise } from 'yauzl';
import { ZipFile } from 'yazl';

/** Unzips `zipPath` into `directory`, refusing entries that would land outside it (zip-slip). */
export async function unzip(zipPath: string, directory: string): Promise<void> {
  const zip = await openPromise(zipPath, { lazyEntries: true, autoClose: false });
  try {
    for await (const entry of zip.eachEntry()) {
      const target = resolve(directory, entry.fileName);
      if (target !== resolve(directory) && !target.startsWith(resolve(directory) + sep)) throw new Error(`The zip entry ${entry.fileName} points outside ${directory}.`);
      if (entry.fileName.endsWith('/')) {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      const mode = (entry.externalFileAttributes >>> 16) & 0o777;
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(target, { mode: mode === 0 ? 0o644 : mode }));
    }
  } finally {
    zip.close();
  }
}

/** Zips the files under `directory` (paths relative to it, executable bits kept) into `zipPath`. */
export async function zipDirectory(directory: string, zipPath: string): Promise<void> {
  const zip = new ZipFile();
  for (const file of await listFiles(directory)) {
    const { mode } = await stat(file);
    zip.addFile(file, relative(directory, file).split(sep).join('/'), { mode: 0o100000 | (mode & 0o777) });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(zipPath));
}

async function listFiles(directory: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}
