import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder, isAwsChunked } from '../../src/api/s3/aws-chunked.js';

function encode(chunks: string[], options: { signed?: boolean; trailer?: string } = {}): string {
  const signature = options.signed === true ? ';chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497' : '';
  const body = chunks.map((chunk) => `${Buffer.byteLength(chunk).toString(16)}${signature}\r\n${chunk}\r\n`).join('');
  return `${body}0${signature}\r\n${options.trailer ?? ''}\r\n`;
}

/** Decodes `encoded` fed to the decoder in pieces of `piece` bytes (framing split anywhere). */
async function decode(encoded: string, piece: number): Promise<string> {
  const bytes = Buffer.from(encoded);
  const pieces: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += piece) pieces.push(bytes.subarray(start, start + piece));
  return text(Readable.from(pieces).pipe(new AwsChunkedDecoder()));
}

describe('AwsChunkedDecoder', () => {
  it('passes the payload of signed and unsigned chunks, however the body is split, and drops trailers', async () => {
    const payload = ['PK\u0003\u0004 first chunk', 'x'.repeat(20_000), 'last'];
    for (const piece of [1, 3, 7, 64, 100_000]) {
      expect(await decode(encode(payload, { signed: true }), piece)).toBe(payload.join(''));
      expect(await decode(encode(payload, { trailer: 'x-amz-checksum-crc32:sOO8/Q==\r\n' }), piece)).toBe(payload.join(''));
    }
  });

  it('fails a body that breaks the framing or ends early', async () => {
    await expect(decode('zz\r\nabc\r\n0\r\n\r\n', 5)).rejects.toThrow(/invalid chunk size "zz"/);
    await expect(decode('3\r\nabcX\r\n0\r\n\r\n', 5)).rejects.toThrow(/no CRLF after a chunk/);
    await expect(decode('3\r\nabc\r\n', 5)).rejects.toThrow(/ended before its last/);
  });

  it('recognises aws-chunked requests by encoding or payload hash', () => {
    expect(isAwsChunked({ 'content-encoding': 'aws-chunked' })).toBe(true);
    expect(isAwsChunked({ 'content-encoding': 'gzip, aws-chunked' })).toBe(true);
    expect(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' })).toBe(true);
    expect(isAwsChunked({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' })).toBe(false);
  });
});
