import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ApiServices } from '../services.js';
import { registerGitRoute, type PushListener } from './git-route.js';
import { registerJsonProtocolRoute } from './json-protocol-route.js';
import { registerReposRoutes } from './repos-routes.js';
import { registerWebhookRoutes } from './webhook-routes.js';

export interface HttpAppOptions {
  logger: FastifyBaseLogger;
  services: ApiServices;
  /** Reports whether the server is ready to serve (GET /healthz answers 503 until it is). */
  isReady: () => boolean;
  /** The data directory: hosted git repositories live in its `repos/`. */
  dataDir: string;
  /** Called after a successful `git push` to a hosted repository. */
  onPush?: PushListener;
}

/**
 * The HTTP face of Pipewright: the CodePipeline protocol at `/`, health, git's smart HTTP protocol at
 * `/git/<name>`, the repository endpoints at `/api/repos`, and (later) the console routes.
 */
export function createHttpApp(options: HttpAppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger,
    // The protocol route logs one line per call with its operation; Fastify's own request lines add nothing.
    logController: new LogController({ disableRequestLogging: true }),
    // Pipeline declarations with many stages and long configurations reach hundreds of kilobytes.
    bodyLimit: 8 * 1024 * 1024,
    return503OnClosing: true,
  });

  // The AWS SDKs send application/x-amz-json-1.1; others send JSON or nothing. The protocol route parses
  // the text itself so that malformed JSON gets AWS's SerializationException, not a generic 400.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  app.get('/healthz', async (_request, reply) => {
    const ready = options.isReady();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'starting' });
  });

  registerJsonProtocolRoute(app, options.services);
  registerGitRoute(app, { dataDir: options.dataDir, ...(options.onPush ? { onPush: options.onPush } : {}) });
  registerReposRoutes(app, { dataDir: options.dataDir });
  registerWebhookRoutes(app, options.services.changeDetection);
  return app;
}
