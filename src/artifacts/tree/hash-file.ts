import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { HashingStream } from './hashing-stream.js';

/** Large reads: hashing a big file in 64 KiB chunks spends more time in the stream machinery than in sha256. */
export const readChunkBytes = 1024 * 1024;

/** Hex digests of a file's content for the given algorithms, streaming (never the whole file in memory). */
export async function hashFile(path: string, algorithms: readonly string[]): Promise<{ digests: Record<string, string>; bytes: number }> {
  const hashing = new HashingStream(algorithms);
  await pipeline(createReadStream(path, { highWaterMark: readChunkBytes }), hashing, drain);
  const digests: Record<string, string> = {};
  for (const algorithm of algorithms) digests[algorithm] = hashing.digest(algorithm);
  return { digests, bytes: hashing.bytes };
}

/** The end of a pipeline whose only purpose is what happened on the way (hashing). */
export async function drain(source: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of source) {
    // Nothing to keep.
  }
}
