import { Transform, type TransformCallback } from 'node:stream';

/**
 * Decodes S3's `aws-chunked` content encoding, which the AWS SDKs use to stream a body of unknown
 * length with a trailing checksum (`x-amz-content-sha256: STREAMING-…`):
 *
 *   <size in hex>[;chunk-signature=<sig>]\r\n<size bytes>\r\n … 0[;chunk-signature=<sig>]\r\n<trailers>\r\n
 *
 * Only the payload comes out; chunk signatures and trailers are dropped (local mode accepts any
 * credentials, as for the JSON API). A body that breaks the framing fails the stream.
 */
export class AwsChunkedDecoder extends Transform {
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
        this.push(this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        this.remaining -= take;
        if (this.remaining === 0) {
          this.remaining = -1;
          this.expectCrlf = true;
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
      if (size === 0) {
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
