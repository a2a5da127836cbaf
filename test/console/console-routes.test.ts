import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerConsoleRoutes } from '../../src/api/http/console-routes.js';

async function serve(consoleDir: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  app.post('/', () => ({ protocol: true }));
  app.get('/api/repos', () => ({ repositories: [] }));
  registerConsoleRoutes(app, { consoleDir });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return { app, url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}` };
}

/** Serving the built console beside the API: files, the SPA fallback, and a missing build. */
describe('the console routes', () => {
  let dir: string;
  let built: { app: FastifyInstance; url: string };
  let missing: { app: FastifyInstance; url: string };
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pipewright-console-'));
    mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>Pipewright</title><div id="root"></div>');
    writeFileSync(join(dir, 'dist', 'assets', 'index-abc123.js'), script);
    writeFileSync(join(dir, 'dist', 'assets', 'index-abc123.js.br'), brotliCompressSync(script));
    built = await serve(join(dir, 'dist'));
    missing = await serve(join(dir, 'not-built'));
  });
  afterAll(async () => {
    await built.app.close();
    await missing.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and at every page path, never cached', async () => {
    for (const path of ['/', '/pipelines/app', '/pipelines/app/executions/1234', '/logs/abc?pipeline=app']) {
      const response = await fetch(`${built.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('serves hashed assets for good, compressed when the browser accepts it', async () => {
    const response = await fetch(`${built.url}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'br' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(await response.text()).toBe(script);
  });

  it('keeps the protocol route, the API and missing files apart from the console', async () => {
    expect(await (await fetch(`${built.url}/`, { method: 'POST', body: '{}' })).json()).toEqual({ protocol: true });
    expect(await (await fetch(`${built.url}/api/repos`)).json()).toEqual({ repositories: [] });
    const unknownApi = await fetch(`${built.url}/api/nothing`);
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get('content-type')).toMatch(/json/);
    const missingAsset = await fetch(`${built.url}/assets/gone-123.js`);
    expect(missingAsset.status).toBe(404);
    expect(missingAsset.headers.get('content-type')).not.toMatch(/html/);
  });

  it('says how to build the console when web/dist is missing', async () => {
    for (const path of ['/', '/pipelines/app']) {
      const response = await fetch(`${missing.url}${path}`);
      expect(response.status, path).toBe(503);
      expect(await response.text()).toContain('npm run build:web');
    }
    expect(await (await fetch(`${missing.url}/`, { method: 'POST', body: '{}' })).json()).toEqual({ protocol: true });
  });
});
