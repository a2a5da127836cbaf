import { STATUS_CODES, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import { errorCatalogue, type ErrorCode } from '../../../core/errors/index.js';
import type { HttpLimits } from './door-settings.js';

/**
 * The Fastify and Node server options that bound what a client may send and how long it may take:
 * body and header sizes, slow headers and bodies (slowloris), silent connections. Errors Node raises
 * before a request reaches Fastify are answered as AWS answers them (its common errors), not with
 * Fastify's `{"error","message","statusCode"}`.
 */
export function boundedServerOptions(
  limits: HttpLimits,
): Pick<FastifyServerOptions, 'bodyLimit' | 'connectionTimeout' | 'requestTimeout' | 'keepAliveTimeout' | 'clientErrorHandler'> & { http: ServerOptions } {
  return {
    bodyLimit: limits.maxBodyBytes,
    connectionTimeout: limits.idleTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: Math.min(limits.idleTimeoutMs, 72_000),
    http: {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      // Node checks the two timeouts above this often (its default, 30 s, would let a short limit slip).
      connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => answerClientError(error, socket, limits),
  };
}

/** Node's client error codes (`clientError`) → AWS's common error and what to say. */
const clientErrors: Readonly<Record<string, { status: number; code: ErrorCode; message: (limits: HttpLimits) => string }>> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'RequestEntityTooLargeException',
    message: (limits) => `The request line and headers are larger than the ${limits.maxHeaderBytes} bytes this server accepts.`,
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'RequestTimeoutException',
    message: (limits) =>
      `The request was not received in time: headers must arrive within ${limits.headersTimeoutMs / 1000} s and the whole request within ${limits.requestTimeoutMs / 1000} s.`,
  },
};

function answerClientError(error: Error & { code?: string }, socket: Socket, limits: HttpLimits): void {
  // A reset connection is gone: there is no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = clientErrors[error.code ?? ''];
  const status = known?.status ?? errorCatalogue.MalformedHttpRequestException.status;
  const code: ErrorCode = known?.code ?? 'MalformedHttpRequestException';
  const message = known?.message(limits) ?? 'The request could not be read as HTTP/1.1.';
  const body = JSON.stringify({ __type: code, message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: ${code}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
