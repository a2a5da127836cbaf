import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { createHttpApp } from '../api/http/create-http-app.js';
import type { PushListener } from '../api/http/git-route.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { Store } from '../core/contracts/store.js';
import { openStore, type StoreLocation } from '../store/open-store.js';
import type { ServerConfig } from './config.js';

export interface RunningServer {
  /** The base URL the server answers on, e.g. http://127.0.0.1:8741. */
  url: string;
  store: Store;
  /** Stops taking requests, then closes what the server opened. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  clock?: Clock;
  /** Overrides where the store lives (tests put PostgreSQL in a schema of their own). */
  storeLocation?: StoreLocation;
  /** Called after a successful `git push` to a hosted repository (the engine will start pipelines from it). */
  onPush?: PushListener;
}

/** The composition root: opens the store, wires the API, and listens. */
export async function startServer(config: ServerConfig, options: StartOptions): Promise<RunningServer> {
  const { logger } = options;
  mkdirSync(config.dataDir, { recursive: true });
  const storeLocation: StoreLocation =
    options.storeLocation ??
    (config.databaseUrl !== undefined ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'sqlite', path: join(config.dataDir, 'pipewright.db') });
  const store = await openStore(storeLocation);
  let ready = false;
  const app = createHttpApp({
    logger,
    isReady: () => ready,
    dataDir: config.dataDir,
    ...(options.onPush ? { onPush: options.onPush } : {}),
    services: { store, clock: options.clock ?? systemClock, partition: config.partition, limits: config.limits },
  });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  ready = true;
  logger.info({ url, dataDir: config.dataDir, store: store.dialect }, 'pipewright is ready');

  return {
    url,
    store,
    close: async () => {
      ready = false;
      await app.close();
      await store.close();
      logger.info('pipewright stopped');
    },
  };
}
