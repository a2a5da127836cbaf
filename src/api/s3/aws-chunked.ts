import { Transform, type TransformCallback } from 'node:stream';

/** A chunk whose signature is not the one its data and the chain before it make (iam mode). */
export class ChunkSignatureMismatch extends Error {
  constructor() {
    super('The signature of an aws-chunked chunk does not match its data.');
    this.name = 'ChunkSignatureMismatch';
  }
}

/** Checks one chunk's `chunk-signature` against its data (identity/chunk-signatures.ts makes these). */
export type ChunkVerifier = (chunkSignature: string | undefined, data: Buffer) => boolean;

/**
 * Decodes S3's `aws-chunked` content encoding, which the AWS SDKs use to stream a body of unknown
 * length with a trailing checksum (`x-amz-content-sha256: STREAMING-…`):
 *
 *   <size in hex>[;chunk-signature=<sig>]\r\n<size bytes>\r\n … 0[;chunk-signature=<sig>]\r\n<trailers>\r\n
 *
 * Only the payload comes out; trailers are dropped. With a verifier (a server in iam mode and a body
 * signed chunk by chunk, STREAMING-AWS4-HMAC-SHA256-PAYLOAD), each chunk is held until its signature is
 * checked, and a wrong one fails the stream with ChunkSignatureMismatch. A body that breaks the framing
 * fails the stream.
 */
export class AwsChunkedDecoder extends Transform {
  /** The current chunk's signature and data, while a verifier holds chunks back. */
  private signature: string | undefined;
  private held: Buffer[] = [];

  constructor(private readonly verify?: ChunkVerifier) {
    super();
  }

  private buffer: Buffer = Buffer.alloc(0);
  /** Payload bytes still to pass in the current chunk; -1 while a chunk header is awaited. */
  private remaining = -1;
  /** The CRLF after a chunk's payload is still to come. */
  private expectCrlf = false;
  private finished = false;

  /** A chunk header longer than this is not one: guards against a body that never sends CRLF. */
  private static readonly maxHeader = 4096;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    try {
      this.drain();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.finished ? null : new Error('The aws-chunked body ended before its last (zero-length) chunk.'));
  }

  private drain(): void {
    while (!this.finished) {
      if (this.expectCrlf) {
        if (this.buffer.length < 2) return;
        if (this.buffer[0] !== 13 || this.buffer[1] !== 10) throw new Error('The aws-chunked body has no CRLF after a chunk.');
        this.buffer = this.buffer.subarray(2);
        this.expectCrlf = false;
      }
      if (this.remaining > 0) {
        if (this.buffer.length === 0) return;
        const take = Math.min(this.remaining, this.buffer.length);
        if (this.verify === undefined) this.push(this.buffer.subarray(0, take));
        else this.held.push(this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        this.remaining -= take;
        if (this.remaining === 0) {
          this.remaining = -1;
          this.expectCrlf = true;
          if (this.verify !== undefined) {
            const data = Buffer.concat(this.held);
            this.held = [];
            if (!this.verify(this.signature, data)) throw new ChunkSignatureMismatch();
            this.push(data);
          }
        }
        continue;
      }
      const end = this.buffer.indexOf('\r\n');
      if (end === -1) {
        if (this.buffer.length > AwsChunkedDecoder.maxHeader) throw new Error('The aws-chunked body has a chunk header without an end.');
        return;
      }
      const header = this.buffer.subarray(0, end).toString('latin1');
      this.buffer = this.buffer.subarray(end + 2);
      const sizeText = header.split(';', 1)[0]?.trim() ?? '';
      if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw new Error(`The aws-chunked body has an invalid chunk size ${JSON.stringify(sizeText)}.`);
      const size = Number.parseInt(sizeText, 16);
      this.signature = /;chunk-signature=([0-9a-f]+)/.exec(header)?.[1];
      if (size === 0) {
        if (this.verify !== undefined && !this.verify(this.signature, Buffer.alloc(0))) throw new ChunkSignatureMismatch();
        // The trailers (a checksum, its signature) follow; nothing more of the payload does.
        this.finished = true;
        return;
      }
      this.remaining = size;
    }
  }
}

/** Whether a request's body is aws-chunked (by its content encoding or its payload hash marker). */
export function isAwsChunked(headers: Record<string, string | string[] | undefined>): boolean {
  const encoding = String(headers['content-encoding'] ?? '');
  const payloadHash = String(headers['x-amz-content-sha256'] ?? '');
  return encoding.split(',').some((part) => part.trim() === 'aws-chunked') || payloadHash.startsWith('STREAMING-');
}
