import { join } from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';
import type { Clock } from '../../core/clock.js';
import type { LogStore } from '../../core/contracts/action-log.js';
import type { ApiServices } from '../services.js';
import { registerConsoleRoutes } from './console-routes.js';
import { registerEventsRoute } from './events-route.js';
import { registerGitRoute, type PushListener } from './git-route.js';
import { registerJsonProtocolRoute } from './json-protocol-route.js';
import { registerLogsRoutes } from './logs-routes.js';
import { registerReportsRoute } from './reports-route.js';
import { registerArtifactDownloadRoute } from './artifact-download-route.js';
import { registerReposRoutes } from './repos-routes.js';
import { registerAuditRoute, registerNotificationRoutes } from './notification-routes.js';
import { registerWebhookRoutes } from './webhook-routes.js';
import { registerS3Routes } from './s3-routes.js';
import { registerCredentialsRoute } from './credentials-route.js';
import type { JobCredentialGrants } from '../identity/job-credential-grants.js';
import { registerSitesRoute } from './sites-route.js';
import { registerWorkerRoutes, type WorkerRoutesOptions } from './worker-routes.js';
import { registerQueryProtocolRoute } from '../iam/query-protocol-route.js';
import { registerIdentityGates } from '../gates/index.js';
import { AllowedHosts } from './guards/allowed-hosts.js';
import { defaultDoorSettings, type DoorSettings } from './guards/door-settings.js';
import { boundedServerOptions } from './guards/server-bounds.js';
import { closeConnectionsAsTheyFallIdle } from './guards/close-idle-connections.js';
import { registerFastifyErrorAnswers } from './guards/fastify-error-answers.js';
import { registerHostGuard } from './guards/host-guard.js';
import { registerCrossOriginGuard } from './guards/cross-origin-guard.js';

export interface HttpAppOptions {
  logger: FastifyBaseLogger;
  services: ApiServices;
  /** Reports whether the server is ready to serve (GET /healthz answers 503 until it is). */
  isReady: () => boolean;
  /** The data directory: hosted git repositories live in its `repos/` unless `reposDir` says elsewhere. */
  dataDir: string;
  /** Hosted git repositories (PIPEWRIGHT_REPOS_DIR); `<dataDir>/repos` by default. */
  reposDir?: string;
  /** Called after a successful `git push` to a hosted repository. */
  onPush?: PushListener;
  /** The server's clock (stamps pushes as they arrive). */
  clock?: Clock;
  /** Action logs, read by the console and `pipewright logs`. */
  logs: Pick<LogStore, 'read'>;
  /** The built console (default: web/dist of this package). */
  consoleDir?: string;
  /** The names the server answers to and the bounds on requests (src/api/http/guards). */
  door?: DoorSettings;
  /** The routes `pipewright worker` claims and reports jobs through (worker-routes.ts). */
  worker?: Omit<WorkerRoutesOptions, 'services'>;
  /** Running jobs' role credentials, answered at `/credentials/<id>`. */
  jobCredentials?: JobCredentialGrants;
}

/**
 * The HTTP face of Pipewright: the CodePipeline protocol at `/`, health, git's smart HTTP protocol at
 * `/git/<name>`, the repository endpoints at `/api/repos`, job artifacts over S3's API at `/s3/<bucket>/<key>`,
 * public deployed objects at `/sites/<bucket>/<key>`, the console's data routes (`/api/events`, `/api/logs`, `/api/executions/…/reports`) and the console
 * itself at every other GET path.
 */
export function createHttpApp(options: HttpAppOptions): FastifyInstance {
  const door = options.door ?? defaultDoorSettings;
  const hosts = new AllowedHosts(door);
  const app = Fastify({
    loggerInstance: options.logger,
    // The protocol route logs one line per call with its operation; Fastify's own request lines add nothing.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    schemaController: { compilersFactory: lazySchemaCompilers },
    ...boundedServerOptions(door.limits),
  });
  registerFastifyErrorAnswers(app, door.limits);
  closeConnectionsAsTheyFallIdle(app);
  registerHostGuard(app, hosts);
  registerCrossOriginGuard(app, hosts);

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

  registerIdentityGates(app, options.services);
  registerQueryProtocolRoute(app, options.services);
  registerJsonProtocolRoute(app, options.services);
  const reposDir = options.reposDir ?? join(options.dataDir, 'repos');
  registerGitRoute(app, { dataDir: options.dataDir, reposDir, ...(options.clock ? { clock: options.clock } : {}), ...(options.onPush ? { onPush: options.onPush } : {}) });
  registerReposRoutes(app, { dataDir: options.dataDir, reposDir });
  registerNotificationRoutes(app, options.services);
  registerAuditRoute(app, options.services);
  registerEventsRoute(app, { store: options.services.store, signals: options.services.engine.signals, partition: options.services.partition, maxStreams: door.limits.maxEventStreams });
  registerLogsRoutes(app, { store: options.services.store, logs: options.logs });
  registerReportsRoute(app, { store: options.services.store });
  registerArtifactDownloadRoute(app, { store: options.services.store, artifacts: options.services.artifacts });
  if (options.jobCredentials !== undefined) registerCredentialsRoute(app, options.jobCredentials);
  registerConsoleRoutes(app, options.consoleDir !== undefined ? { consoleDir: options.consoleDir } : {});
  registerWebhookRoutes(app, options.services.changeDetection);
  registerS3Routes(app, { services: options.services, dataDir: options.dataDir });
  registerSitesRoute(app, { objects: options.services.objects });
  if (options.worker !== undefined) registerWorkerRoutes(app, { services: options.services, ...options.worker });
  return app;
}
