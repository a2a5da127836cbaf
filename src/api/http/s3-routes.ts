import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isPipewrightError } from '../../core/errors/index.js';
import { artifactEndpointPath } from '../../core/jobs/artifact-endpoint.js';
import { ArtifactLocations } from '../s3/artifact-locations.js';
import { AwsChunkedDecoder, ChunkSignatureMismatch, isAwsChunked } from '../s3/aws-chunked.js';
import { BodyChecks } from '../s3/body-checks.js';
import { MultipartUploads } from '../s3/multipart-uploads.js';
import { s3Handlers } from '../s3/s3-handlers.js';
import type { S3Answer, S3Call } from '../s3/s3-call.js';
import { s3Error, s3ErrorXml, S3Refusal, type S3Error } from '../s3/s3-error.js';
import { s3OperationOf, type S3Operation } from '../s3/s3-operations.js';
import '../gates/principal-on-request.js';
import type { ApiServices } from '../services.js';

/**
 * S3's REST API at `/s3`, path-style (`/s3/<bucket>/<key>`), over the object store's buckets (the ones
 * S3 deploy actions write and S3 sources read) and the artifacts of open jobs (artifact-locations.ts):
 * what the AWS CLI's `s3` commands and the SDKs' S3 clients call (s3-handlers.ts lists the operations).
 *
 * In iam mode the gate (gates/s3-gate.ts) has verified the signature and authorized the operation
 * before a handler runs; a job's artifact credentials open its artifacts only. Bodies stream both
 * ways: aws-chunked uploads are decoded (and their chunk signatures checked), Content-MD5 is checked.
 */
export function registerS3Routes(app: FastifyInstance, options: { services: ApiServices; dataDir: string }): void {
  const { services } = options;
  const uploads = new MultipartUploads(join(options.dataDir, 's3-uploads'));
  const artifactLocations = new ArtifactLocations({ jobs: services.jobs, artifacts: services.artifacts, store: services.store, scratch: join(options.dataDir, 'work', 's3') });
  const { accountId, region } = services.partition;
  const owner = { id: createHash('sha256').update(accountId).digest('hex'), displayName: accountId };

  // Registered as a plugin of its own: its body handling (raw streams) stays out of the JSON routes.
  void app.register((scope, _options, done) => {
    // Bodies are objects, not JSON: handlers read the request stream themselves, without a size limit.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, parsed) => {
      parsed(null, payload);
    });

    const serve = async (request: FastifyRequest, reply: FastifyReply) => {
      const [path = '', query = ''] = (request.raw.url ?? request.url).slice(artifactEndpointPath.length).split('?', 2);
      const operation = s3OperationOf(request.method, path, new URLSearchParams(query), request.headers);
      const call = callOf(request, operation, query);
      try {
        const answer = await answerOf(call, request);
        return send(reply, request, answer);
      } catch (error) {
        request.raw.resume();
        const refusal = refusalOf(error, operation);
        if (refusal === undefined) throw error;
        return sendError(reply, request, refusal);
      }
    };

    const answerOf = async (call: S3Call, request: FastifyRequest): Promise<S3Answer> => {
      const artifact = await artifactLocations.answer(call);
      if (artifact !== undefined) return artifact;
      // A job's artifact credentials open its artifacts, not the buckets.
      if (request.principal?.kind === 'artifact-session') throw new S3Refusal(s3Error('AccessDenied'));
      const handler = s3Handlers[call.operation.name];
      if (handler === undefined) {
        throw new S3Refusal(s3Error('NotImplemented', `${call.operation.name === 'Unsupported' ? `${request.method} ${request.url.split('?', 1)[0] ?? ''}` : call.operation.name} is not served by Pipewright's S3 API.`));
      }
      return handler(call);
    };

    const callOf = (request: FastifyRequest, operation: S3Operation, query: string): S3Call => ({
      operation,
      headers: request.headers,
      query: new URLSearchParams(query),
      body: () => decodedBody(request),
      allowed: async (action, resource) => {
        if (request.principal === undefined) return true;
        try {
          await services.identity.authorize(request.principal, action, resource, { sourceIp: request.ip, now: services.clock.now() });
          return true;
        } catch (error) {
          if (isPipewrightError(error) && error.code === 'AccessDeniedException') return false;
          throw error;
        }
      },
      log: (fields, message) => request.log.info(fields, message),
      objects: services.objects,
      uploads,
      region,
      owner,
    });

    // HEAD before GET: Fastify would otherwise answer HEAD by running GET and dropping its body.
    for (const url of [artifactEndpointPath, `${artifactEndpointPath}/`, `${artifactEndpointPath}/:bucket`, `${artifactEndpointPath}/:bucket/*`]) {
      scope.route({ method: ['HEAD', 'GET', 'PUT', 'POST', 'DELETE'], url, handler: serve });
    }
    done();
  });
}

/** The request's payload: aws-chunked decoded (chunk signatures checked in iam mode), then checked against its digests. */
function decodedBody(request: FastifyRequest): { stream: Readable; md5Hex: () => string } {
  const checks = new BodyChecks(request.headers);
  const raw = request.body as Readable | undefined;
  const source = raw ?? request.raw;
  const noop = () => undefined;
  if (isAwsChunked(request.headers)) pipeline(source, new AwsChunkedDecoder(request.chunkVerifier), checks, noop);
  else pipeline(source, checks, noop);
  return { stream: checks, md5Hex: () => checks.md5Hex };
}

/** S3's answer for what a handler threw, or undefined for a fault of ours (Fastify answers 500). */
function refusalOf(error: unknown, operation: S3Operation): S3Error | undefined {
  if (error instanceof S3Refusal) return error.error;
  if (error instanceof ChunkSignatureMismatch) return s3Error('SignatureDoesNotMatch');
  if (isPipewrightError(error) && error.code === 'ValidationException') {
    // The object store cannot hold such a key (a folder marker, a `..` segment): it holds no such object either.
    if (operation.name === 'GetObject' || operation.name === 'HeadObject') return s3Error('NoSuchKey', undefined, { Key: operation.key });
    return s3Error('InvalidArgument', error.message);
  }
  return undefined;
}

function send(reply: FastifyReply, request: FastifyRequest, answer: S3Answer): FastifyReply {
  void reply.code(answer.status).header('x-amz-request-id', randomUUID());
  for (const [name, value] of Object.entries(answer.headers ?? {})) void reply.header(name, value);
  if (request.method === 'HEAD' || answer.body === undefined) {
    if (typeof answer.body === 'object') answer.body.destroy();
    return reply.send();
  }
  return reply.send(answer.body);
}

function sendError(reply: FastifyReply, request: FastifyRequest, error: S3Error): FastifyReply {
  const requestId = randomUUID();
  request.log.debug({ code: error.code, message: error.message, url: request.url }, 'S3 request refused');
  const response = reply.code(error.status).header('x-amz-request-id', requestId);
  if (request.method === 'HEAD') return response.send();
  return response.header('content-type', 'application/xml').send(s3ErrorXml(error, request.url.split('?', 1)[0] ?? '', requestId));
}
