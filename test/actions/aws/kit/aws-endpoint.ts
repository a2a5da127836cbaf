import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AwsRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** JSON protocols: the operation from X-Amz-Target (`AmazonEC2ContainerServiceV20141113.UpdateService`). */
  target?: string;
  /** Query protocol: the form fields (Action, Version, the operation's parameters). */
  form?: URLSearchParams;
}

export interface AwsReply {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/**
 * A real HTTP endpoint on loopback answering as an AWS service does on the wire; what it answers is
 * the service fake's (`handle`). It records every request so a test can check what the SDK sent.
 */
export interface AwsEndpoint {
  url: string;
  requests: AwsRequest[];
  close(): Promise<void>;
}

export async function startAwsEndpoint(handle: (request: AwsRequest) => AwsReply, encoding: BufferEncoding = 'utf8'): Promise<AwsEndpoint> {
  const requests: AwsRequest[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding(encoding);
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const isForm = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const received: AwsRequest = {
        method: request.method ?? '',
        path: request.url ?? '/',
        headers: request.headers,
        body,
        ...(typeof target === 'string' ? { target: target.slice(target.indexOf('.') + 1) } : {}),
        ...(isForm ? { form: new URLSearchParams(body) } : {}),
      };
      requests.push(received);
      let reply: AwsReply;
      try {
        reply = handle(received);
      } catch (error) {
        reply = { status: 500, contentType: 'text/plain', body: String(error) };
      }
      response.writeHead(reply.status, { 'content-type': reply.contentType, 'x-amzn-requestid': `req-${requests.length}`, ...reply.headers }).end(Buffer.from(reply.body, encoding));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A JSON 1.0 / 1.1 answer; errors carry `__type` as AWS's JSON protocols do. */
export function jsonReply(body: unknown, version: '1.0' | '1.1' = '1.1'): AwsReply {
  return { status: 200, contentType: `application/x-amz-json-${version}`, body: JSON.stringify(body) };
}

export function jsonError(type: string, message: string, version: '1.0' | '1.1' = '1.1', status = 400): AwsReply {
  return { status, contentType: `application/x-amz-json-${version}`, body: JSON.stringify({ __type: type, message }) };
}

/** Escapes text for the query protocol's XML answers. */
export function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
