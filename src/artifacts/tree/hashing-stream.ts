import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * A pass-through that hashes and counts what flows through it, so a file is hashed in the same pass
 * that writes it (a zip entry being extracted, an upload being spooled) and never read twice.
 */
export class HashingStream extends Transform {
  private readonly hashes: Map<string, Hash>;
  bytes = 0;

  constructor(algorithms: readonly string[]) {
    super();
    this.hashes = new Map(algorithms.map((algorithm) => [algorithm, createHash(algorithm)]));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const hash of this.hashes.values()) hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  /** Hex digest of one of the algorithms; call once the stream has ended. */
  digest(algorithm: string): string {
    const hash = this.hashes.get(algorithm);
    if (hash === undefined) throw new Error(`HashingStream: ${algorithm} was not requested.`);
    return hash.digest('hex');
  }
}
