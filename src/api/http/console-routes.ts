import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` puts the console: web/dist at the package root (this file is three folders down, in src/ or dist/). */
export const defaultConsoleDir = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const notBuilt = `<!doctype html><meta charset="utf-8"><title>Pipewright</title>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;line-height:1.5">
<h1>The console is not built</h1>
<p>This server has no <code>web/dist</code>. Run <code>npm run build:web</code> (or <code>npm run build</code>) and reload.</p>
<p>The API answers as usual at <code>POST /</code>.</p>`;

/**
 * The web console: the built files of web/dist at `/`, and index.html for every other page path (the
 * console routes in the browser). Hashed assets are cached for good; index.html never, so a new build
 * is picked up on the next load. `/api/…`, `/git/…`, `/sites/…` and the protocol's `POST /` are never the console's.
 */
export function registerConsoleRoutes(app: FastifyInstance, options: { consoleDir?: string } = {}): void {
  const root = options.consoleDir ?? defaultConsoleDir;
  const built = existsSync(`${root}/index.html`);
  if (built) {
    // Fastify loads plugins when the app starts; registration only queues it.
    void app.register(fastifyStatic, {
      root,
      wildcard: true,
      index: 'index.html',
      // build:web writes .br and .gz twins of the text assets: served when the browser accepts them.
      preCompressed: true,
      // Our own cache headers (below), not send's `max-age=0` default.
      cacheControl: false,
      setHeaders: (response, path) => {
        response.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (!isConsolePage(request)) {
      return reply.code(404).send({ __type: 'ResourceNotFoundException', message: `Nothing answers ${request.method} ${request.url.split('?')[0]}.` });
    }
    if (!built) return reply.code(503).type('text/html; charset=utf-8').send(notBuilt);
    return sendIndex(reply);
  });
  if (!built) {
    app.get('/', (_request, reply) => reply.code(503).type('text/html; charset=utf-8').send(notBuilt));
  }
}

function isConsolePage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  if (path.startsWith('/api/') || path.startsWith('/git/') || path.startsWith('/sites/') || path === '/healthz') return false;
  // A missing asset is a 404, not the page: a browser asking for a script must not get HTML.
  return !/\.[a-z0-9]+$/i.test(path);
}

function sendIndex(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').sendFile('index.html');
}
