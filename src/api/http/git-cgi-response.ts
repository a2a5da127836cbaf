import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Streams a CGI program's output (git http-backend) as the HTTP response: the header block up to the
 * first empty line becomes the status (`Status: 404 Not Found`) and headers, everything after it is
 * piped through as the body without being held in memory.
 */
export async function streamCgiResponse(output: Readable, response: ServerResponse): Promise<void> {
  let head: Buffer = Buffer.alloc(0);
  // Leaving the loop must not destroy the stream: the body still has to be piped on.
  for await (const chunk of output.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    head = Buffer.concat([head, chunk]);
    const end = headerEnd(head);
    if (end === undefined) {
      if (head.length > 64 * 1024) throw new Error('git http-backend sent more than 64 KiB without ending its CGI headers.');
      continue;
    }
    const { status, headers } = parseHeaders(head.subarray(0, end.index).toString('latin1'));
    response.writeHead(status, headers);
    const rest = head.subarray(end.index + end.length);
    if (rest.length > 0) response.write(rest);
    break;
  }
  if (!response.headersSent) throw new Error('git http-backend ended without sending CGI headers.');
  await pipeline(output, response);
}

function headerEnd(buffer: Buffer): { index: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return undefined;
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { index: crlf, length: 4 };
  return { index: lf, length: 2 };
}

function parseHeaders(block: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}
