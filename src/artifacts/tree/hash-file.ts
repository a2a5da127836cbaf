import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { HashingStream } from './hashing-stream.js';

/** Large reads: hashing a big file in 64 KiB chunks spends more time in the stream machinery than in sha256. */
export const readChunkBytes = 1024 * 1024;

/**
 * The read size for a file of `size` bytes. A read stream allocates a whole chunk for every read, even
 * of a 500-byte file: sized to the file, thousands of small files do not churn megabytes each.
 */
export function chunkBytesFor(size: number): number {
  return Math.max(16 * 1024, Math.min(readChunkBytes, size + 1));
}

export interface FileHashes {
  digests: Record<string, string>;
  bytes: number;
  /** The file's link count when it was opened (a consumed file that other paths name must be copied). */
  nlink: number;
}

/**
 * Hex digests of a file's content, never the whole of a big file in memory. A small file is read in one
 * call into a buffer of its size: a stream would allocate a full chunk for each, which for thousands
 * of small files costs more than the hashing.
 */
export async function hashFile(path: string, algorithms: readonly string[]): Promise<FileHashes> {
  const handle = await open(path, 'r');
  try {
    const stats = await handle.stat();
    if (stats.size <= readChunkBytes) {
      const content = await handle.readFile();
      const digests: Record<string, string> = {};
      for (const algorithm of algorithms) digests[algorithm] = createHash(algorithm).update(content).digest('hex');
      return { digests, bytes: content.length, nlink: stats.nlink };
    }
    const hashing = new HashingStream(algorithms);
    await pipeline(handle.createReadStream({ highWaterMark: readChunkBytes, autoClose: false }), hashing, drain);
    const digests: Record<string, string> = {};
    for (const algorithm of algorithms) digests[algorithm] = hashing.digest(algorithm);
    return { digests, bytes: hashing.bytes, nlink: stats.nlink };
  } finally {
    await handle.close();
  }
}

/** The end of a pipeline whose only purpose is what happened on the way (hashing). */
export async function drain(source: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of source) {
    // Nothing to keep.
  }
}
