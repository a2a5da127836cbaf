import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { pino } from 'pino';
import type { Clock } from '../../src/core/clock.js';
import { resolveServerConfig, type ServerConfig } from '../../src/server/config.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { holdingSchemaLock } from '../../src/store/test-kit/store-dialects.js';
import type { StoreLocation } from '../../src/store/open-store.js';

export interface TestServer extends RunningServer {
  client: CodePipelineClient;
  dataDir: string;
  config: ServerConfig;
}

/**
 * A real Pipewright server on a free loopback port with its own data directory, and an AWS SDK client
 * pointed at it with throwaway credentials (local mode accepts any). `close()` removes the data dir.
 */
export async function startTestServer(
  options: { configure?: (config: ServerConfig) => void; storeLocation?: StoreLocation; clock?: Clock } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-test-'));
  const config = resolveServerConfig({ host: '127.0.0.1', port: 0, dataDir }, {});
  options.configure?.(config);
  const logger = pino({ level: process.env.PIPEWRIGHT_TEST_LOG ?? 'silent' });
  const location = options.storeLocation;
  const start = () => startServer(config, { logger, ...(location ? { storeLocation: location } : {}), ...(options.clock ? { clock: options.clock } : {}) });
  // Migrating into a schema of its own must not overlap another test file dropping one (see holdingSchemaLock).
  const server = location?.kind === 'postgres' ? await holdingSchemaLock(location.url, 'shared', start) : await start();
  const client = new CodePipelineClient({
    endpoint: server.url,
    region: config.partition.region,
    credentials: { accessKeyId: 'AKIDTESTPIPEWRIGHT', secretAccessKey: 'test-secret' },
    maxAttempts: 1,
  });
  return {
    ...server,
    client,
    dataDir,
    config,
    close: async () => {
      client.destroy();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
