import type { Readable } from 'node:stream';
import { openPromise, type Entry } from 'yauzl';
import { PipewrightError } from '../../core/errors/index.js';
import { checkRelativePath } from '../tree/relative-path.js';
import { madeByUnix, unixModes } from './zip-modes.js';

/** What one zip entry is, with its content as a stream for a file (read it before the next entry). */
export type ZipEntryVisit =
  | { type: 'file'; path: string; executable: boolean; size: number; open: () => Promise<Readable> }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'dir'; path: string };

/** A symlink's target is its entry's content; a target longer than this is not a symlink we accept. */
const maxSymlinkTargetBytes = 4096;

/**
 * Visits the entries of a zip in order, one at a time, streaming each file's content: the archive is
 * never read whole into memory. Paths are checked before anything is visited (zip-slip: absolute
 * paths, `..`, backslashes are refused, by yauzl and again by us), encrypted entries are refused.
 */
export async function forEachZipEntry(zipPath: string, where: string, visit: (entry: ZipEntryVisit) => Promise<void>): Promise<void> {
  const zip = await openZip(zipPath, where);
  try {
    for await (const entry of zip.eachEntry()) {
      await visit(await describe(zip, entry, where));
    }
  } catch (error) {
    throw asZipError(error, where);
  } finally {
    zip.close();
  }
}

async function openZip(zipPath: string, where: string): Promise<Awaited<ReturnType<typeof openPromise>>> {
  try {
    return await openPromise(zipPath, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch (error) {
    throw asZipError(error, where);
  }
}

/** yauzl's own errors (bad archive, bad file name, size mismatch) are the caller's zip being invalid. */
function asZipError(error: unknown, where: string): unknown {
  if (error instanceof PipewrightError) return error;
  if (error instanceof Error && !('code' in error)) {
    return new PipewrightError('ValidationException', `${where}: not a valid zip archive: ${error.message}`, { cause: error });
  }
  return error;
}

type OpenZip = Awaited<ReturnType<typeof openPromise>>;

async function describe(zip: OpenZip, entry: Entry, where: string): Promise<ZipEntryVisit> {
  const path = checkRelativePath(entry.fileName, where);
  if (entry.isEncrypted()) throw new PipewrightError('ValidationException', `${where}: the entry ${JSON.stringify(path)} is encrypted.`);
  const unixMode = entry.versionMadeBy >> 8 === madeByUnix ? entry.externalFileAttributes >>> 16 : 0;
  const type = unixMode & unixModes.typeMask;
  if (entry.fileName.endsWith('/') || type === unixModes.directory) return { type: 'dir', path };
  if (type === unixModes.symlink) {
    if (entry.uncompressedSize > maxSymlinkTargetBytes) {
      throw new PipewrightError('ValidationException', `${where}: the symlink ${JSON.stringify(path)} has a target of ${entry.uncompressedSize} bytes.`);
    }
    const target = (await readAll(await zip.openReadStreamPromise(entry))).toString('utf8');
    if (target === '' || target.includes('\0')) {
      throw new PipewrightError('ValidationException', `${where}: the symlink ${JSON.stringify(path)} has an invalid target.`);
    }
    return { type: 'symlink', path, target };
  }
  return {
    type: 'file',
    path,
    // Archives made elsewhere than Unix carry no mode: their files are plain, not executable.
    executable: (unixMode & 0o100) !== 0,
    size: entry.uncompressedSize,
    open: () => zip.openReadStreamPromise(entry),
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
