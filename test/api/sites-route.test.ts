import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSitesRoute } from '../../src/api/http/sites-route.js';
import { FilesystemObjectStore } from '../../src/artifacts/objects/filesystem-object-store.js';

/**
 * `GET /sites/<bucket>/<key>` over the real filesystem object store: what an S3 deploy published with
 * CannedACL public-read (replacePrefix, as the deploy action calls it), and nothing else.
 */
describe('the sites route', () => {
  let root: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pipewright-sites-'));
    const objects = new FilesystemObjectStore(join(root, 'buckets'));
    const site = join(root, 'site');
    mkdirSync(join(site, 'docs'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<h1>home</h1>');
    writeFileSync(join(site, 'app.mjs'), 'export {};');
    writeFileSync(join(site, 'docs', 'index.html'), '<h1>docs</h1>');
    writeFileSync(join(site, 'data.bin'), Buffer.from([0, 1, 2]));
    await objects.replacePrefix({ bucket: 'www', prefix: '', directory: site, metadata: { 'x-amz-acl': 'public-read' }, cacheControl: 'max-age=60' });
    await objects.replacePrefix({ bucket: 'private', prefix: '', directory: site, metadata: { 'x-amz-acl': 'private' } });
    await objects.putObject({ bucket: 'www', key: 'secret.zip', body: 'zip bytes' });
    app = Fastify();
    registerSitesRoute(app, { objects });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers a public object with the content type of its extension and its cache control', async () => {
    const page = await app.inject({ method: 'GET', url: '/sites/www/index.html' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe('<h1>home</h1>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('max-age=60');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const script = await app.inject({ method: 'GET', url: '/sites/www/app.mjs' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const binary = await app.inject({ method: 'GET', url: '/sites/www/data.bin' });
    expect(binary.headers['content-type']).toBe('application/octet-stream');
    expect(binary.rawPayload).toEqual(Buffer.from([0, 1, 2]));
  });

  it('answers a folder with its index.html, and sends a folder named without its slash to it', async () => {
    expect((await app.inject({ method: 'GET', url: '/sites/www/' })).body).toBe('<h1>home</h1>');
    expect((await app.inject({ method: 'GET', url: '/sites/www/docs/' })).body).toBe('<h1>docs</h1>');
    const bucket = await app.inject({ method: 'GET', url: '/sites/www' });
    expect([bucket.statusCode, bucket.headers.location]).toEqual([301, '/sites/www/']);
    const folder = await app.inject({ method: 'GET', url: '/sites/www/docs' });
    expect([folder.statusCode, folder.headers.location]).toEqual([301, '/sites/www/docs/']);
  });

  it('answers HEAD without a body', async () => {
    const head = await app.inject({ method: 'HEAD', url: '/sites/www/index.html' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe('13');
    expect(head.body).toBe('');
  });

  it('serves nothing that was not published as public: other objects, other buckets, missing keys', async () => {
    for (const url of ['/sites/www/secret.zip', '/sites/private/index.html', '/sites/private/', '/sites/www/absent.html', '/sites/nobucket/index.html']) {
      const response = await app.inject({ method: 'GET', url });
      expect([url, response.statusCode, response.json<{ __type: string }>().__type]).toEqual([url, 404, 'NoSuchKey']);
    }
  });

  it('never leaves the bucket: dot segments are resolved by the router, encoded ones refused by the key rules', async () => {
    const resolved = await app.inject({ method: 'GET', url: '/sites/www/../private/index.html' });
    expect(resolved.statusCode).toBe(404);
    const encoded = await app.inject({ method: 'GET', url: '/sites/www/docs%2F..%2F..%2Fprivate%2Findex.html' });
    expect(encoded.statusCode).toBe(400);
    expect(encoded.json<{ __type: string }>().__type).toBe('ValidationException');
  });
});
