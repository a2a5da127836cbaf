import { extname } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ObjectStore } from '../../core/contracts/object-store.js';
import { sendApiError } from './api-route-support.js';
import { isolateSite } from './guards/site-isolation.js';

/** The ACLs under which S3 lets anyone read an object, as a static website bucket needs. */
const publicAcls = new Set(['public-read', 'public-read-write']);

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * What S3 deploy actions published, readable in a browser like an S3 static website:
 * `GET /sites/<bucket>/<key>` answers the object with a content type from its key's extension (or the one
 * it was stored with); a key ending in `/` (or none) answers its `index.html`, and a folder named
 * without its slash is redirected to it. Only objects deployed with CannedACL `public-read` (or
 * `public-read-write`) are served: anything else in the object store (S3 sources, zips) answers 404, as
 * if it were not there. Read-only; the object store's key rules refuse paths that leave the bucket.
 * Every answer is sandboxed (guards/site-isolation.ts): a site's scripts cannot call the API as the console.
 */
export function registerSitesRoute(app: FastifyInstance, options: { objects: ObjectStore }): void {
  const { objects } = options;

  app.get('/sites/:bucket', (request, reply) => {
    const { bucket } = request.params as { bucket: string };
    return reply.redirect(`/sites/${encodeURIComponent(bucket)}/`, 301);
  });

  app.get('/sites/:bucket/*', async (request, reply) => {
    isolateSite(reply);
    const params = request.params as { bucket: string; '*': string };
    const requested = params['*'];
    const key = requested === '' || requested.endsWith('/') ? `${requested}index.html` : requested;
    try {
      const found = await publicObject(objects, params.bucket, key);
      if (found !== undefined) {
        const { version, body } = found;
        return reply
          .header('content-type', version.contentType ?? contentTypes[extname(key).toLowerCase()] ?? 'application/octet-stream')
          .header('content-length', version.size)
          .header('etag', version.etag)
          .header('last-modified', new Date(version.lastModified).toUTCString())
          .header('cache-control', version.cacheControl ?? 'no-cache')
          .send(body);
      }
      // Like S3 websites: `docs` is the folder `docs/` when that folder has an index.
      if (key === requested && !key.endsWith('/index.html') && (await isPublic(objects, params.bucket, `${key}/index.html`))) {
        return reply.redirect(`${request.url.split('?')[0] ?? ''}/`, 301);
      }
      return notFound(reply, params.bucket, key);
    } catch (error) {
      return sendApiError(request, reply, error);
    }
  });
}

async function publicObject(objects: ObjectStore, bucket: string, key: string): ReturnType<ObjectStore['getObject']> {
  const found = await objects.getObject(bucket, key);
  if (found !== undefined && !publicAcls.has(found.version.metadata['x-amz-acl'] ?? '')) {
    found.body.destroy();
    return undefined;
  }
  return found;
}

async function isPublic(objects: ObjectStore, bucket: string, key: string): Promise<boolean> {
  const head = await objects.headObject(bucket, key);
  return head !== undefined && publicAcls.has(head.metadata['x-amz-acl'] ?? '');
}

function notFound(reply: FastifyReply, bucket: string, key: string): FastifyReply {
  return reply.code(404).send({
    __type: 'NoSuchKey',
    message: `No public object s3://${bucket}/${key}: /sites serves the objects S3 deploy actions published with CannedACL public-read.`,
  });
}
