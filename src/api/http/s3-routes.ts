import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ArtifactRef } from '../../core/contracts/artifact-store.js';
import type { JobRecord } from '../../core/contracts/store.js';
import { isPipewrightError } from '../../core/errors/index.js';
import { artifactEndpointPath } from '../../core/jobs/artifact-endpoint.js';
import { AwsChunkedDecoder, ChunkSignatureMismatch, isAwsChunked } from '../s3/aws-chunked.js';
import '../gates/principal-on-request.js';
import { s3ErrorXml, type S3Error } from '../s3/s3-error.js';
import type { ApiServices } from '../services.js';

/**
 * The artifacts of open jobs over S3's API, so that a job worker or a function written for CodePipeline
 * reads and writes them with the AWS SDK's S3 client (or a presigned URL) unchanged: path-style
 * `GET`/`HEAD`/`PUT` of `/s3/<bucket>/<key>`, where bucket and key are the `s3Location` the job data gave.
 *
 * - An input artifact's location answers with the artifact as a zip (written by the artifact store).
 * - An output location takes the zip the worker uploads: it is stored as an artifact at once (an archive
 *   that is not a valid zip is refused) and recorded with the job, whose PutJobSuccessResult takes it as
 *   the action's output artifact. A second upload replaces the first.
 * - A location no open job names is NoSuchKey (GET, HEAD) or AccessDenied (PUT): once its job has ended,
 *   its artifacts are no longer reachable here.
 *
 * Requests are not authenticated in local mode (any SigV4 signature, like the JSON API). Bodies stream:
 * neither direction holds an artifact in memory; aws-chunked uploads (the SDK's streaming checksum
 * encoding) are decoded.
 */
export function registerS3Routes(app: FastifyInstance, options: { services: ApiServices; dataDir: string }): void {
  const scratch = join(options.dataDir, 'work', 's3');
  const { jobs, artifacts } = options.services;

  // Registered as a plugin of its own: its body handling (raw streams) stays out of the JSON routes.
  void app.register((scope, _options, done) => {
    // Bodies are zips, not JSON: handlers read the request stream themselves, without a size limit.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, parsed) => {
      parsed(null, payload);
    });

    const route = `${artifactEndpointPath}/:bucket/*`;

    const serveZip = async (request: FastifyRequest, reply: FastifyReply, withBody: boolean) => {
      const { bucket, key } = locationOf(request);
      const located = await jobs.locateArtifact(bucket, key);
      let ref: ArtifactRef | undefined;
      if (located !== undefined && 'input' in located) ref = located.input.ref;
      if (located !== undefined && 'output' in located) ref = (await jobs.uploadedOutputs(located.job.id))[located.output.name];
      if (ref === undefined) {
        return sendError(reply, request, {
          status: 404,
          code: 'NoSuchKey',
          message:
            located === undefined
              ? `No job in progress has an artifact at s3://${bucket}/${key}; artifacts are reachable here while their job is open.`
              : `Nothing was uploaded yet to the output location s3://${bucket}/${key}.`,
        });
      }
      await mkdir(scratch, { recursive: true });
      const zipPath = join(scratch, `${randomUUID()}.zip`);
      try {
        await artifacts.writeZip(ref, zipPath);
        const { size, mtime } = await stat(zipPath);
        void reply
          .header('content-type', 'application/zip')
          .header('content-length', size)
          .header('etag', `"${ref.digest.slice(0, 32)}"`)
          .header('last-modified', mtime.toUTCString())
          .header('accept-ranges', 'none');
        if (!withBody) {
          await rm(zipPath, { force: true });
          return reply.code(200).send();
        }
        const body = createReadStream(zipPath);
        body.once('close', () => void rm(zipPath, { force: true }));
        return reply.code(200).send(body);
      } catch (error) {
        await rm(zipPath, { force: true });
        throw error;
      }
    };

    // HEAD before GET: Fastify would otherwise answer HEAD by running GET and dropping its body.
    scope.head(route, (request, reply) => serveZip(request, reply, false));
    scope.get(route, (request, reply) => serveZip(request, reply, true));

    scope.put(route, async (request, reply) => {
      const { bucket, key } = locationOf(request);
      const located = await jobs.locateArtifact(bucket, key);
      if (located === undefined || !('output' in located)) {
        await drain(request.raw);
        return sendError(reply, request, {
          status: 403,
          code: 'AccessDenied',
          message:
            located === undefined
              ? `No job in progress has an output location s3://${bucket}/${key}; upload output artifacts before the job's result.`
              : `s3://${bucket}/${key} is the input artifact ${located.input.name} of job ${located.job.id}: input artifacts are read-only.`,
        });
      }
      await mkdir(scratch, { recursive: true });
      const zipPath = join(scratch, `${randomUUID()}.zip`);
      try {
        const md5 = createHash('md5');
        const body = request.body as Readable;
        const hashing = async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            md5.update(chunk);
            yield chunk;
          }
        };
        if (isAwsChunked(request.headers)) await pipeline(body, new AwsChunkedDecoder(request.chunkVerifier), hashing, createWriteStream(zipPath));
        else await pipeline(body, hashing, createWriteStream(zipPath));
        const ref = await storeUpload(zipPath, located.job, located.output.name);
        await jobs.recordUpload(located.job.id, located.output.name, ref);
        request.log.info({ job: located.job.id, artifact: located.output.name, files: ref.fileCount, bytes: ref.size }, 'output artifact uploaded');
        return reply.code(200).header('etag', `"${md5.digest('hex')}"`).send();
      } catch (error) {
        if (error instanceof ChunkSignatureMismatch) {
          return sendError(reply, request, { status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.' });
        }
        if (isPipewrightError(error) && error.code === 'ValidationException') {
          return sendError(reply, request, {
            status: 400,
            code: 'InvalidArgument',
            message: `The upload to s3://${bucket}/${key} (output artifact ${located.output.name}) is not a zip archive Pipewright can read: ${error.message}`,
          });
        }
        throw error;
      } finally {
        await rm(zipPath, { force: true });
      }
    });

    const storeUpload = (zipPath: string, job: JobRecord, artifactName: string) =>
      artifacts.putZip(zipPath, {
        pipelineName: job.pipelineName,
        artifactName,
        executionId: job.executionId,
        bucket: job.job.outputArtifacts.find((output) => output.name === artifactName)?.location.bucket ?? '',
      });

    // Anything else S3 could be asked here (listing, deleting, multipart) is not what job workers need.
    scope.route({
      method: ['POST', 'DELETE', 'PATCH', 'OPTIONS'],
      url: route,
      handler: (request, reply) =>
        sendError(reply, request, { status: 405, code: 'MethodNotAllowed', message: `${request.method} is not served at the artifact endpoint: use GET, HEAD or PUT.` }),
    });
    done();
  });
}

function locationOf(request: FastifyRequest): { bucket: string; key: string } {
  const params = request.params as { bucket: string; '*': string };
  return { bucket: params.bucket, key: params['*'] };
}

function sendError(reply: FastifyReply, request: FastifyRequest, error: S3Error): FastifyReply {
  const requestId = randomUUID();
  request.log.debug({ code: error.code, message: error.message, url: request.url }, 'artifact request refused');
  const response = reply.code(error.status).header('x-amz-request-id', requestId);
  if (request.method === 'HEAD') return response.send();
  return response.header('content-type', 'application/xml').send(s3ErrorXml(error, request.url, requestId));
}

/** Reads a refused upload's body to its end, so the client sees the answer rather than a reset connection. */
async function drain(stream: Readable): Promise<void> {
  for await (const _chunk of stream) {
    // discarded
  }
}
