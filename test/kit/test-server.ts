import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { S3Client } from '@aws-sdk/client-s3';
import { pino } from 'pino';
import { buildBaseEnvironment } from '../../src/providers/shared/sandbox/build-environment.js';
import { resolveServerConfig, type ServerConfig } from '../../src/server/config.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { holdingSchemaLock } from '../../src/store/test-kit/store-dialects.js';
import type { StoreLocation } from '../../src/store/open-store.js';
import { MovableClock } from './movable-clock.js';

export interface TestServerOptions {
  /**
   * A data directory the test keeps, to stop the server and start another on the same state (close()
   * leaves it). Without one, the server gets a fresh directory that close() removes.
   */
  dataDir?: string;
  /** Puts files in the data directory before the server starts (projects, functions, type registrations). */
  prepare?: (dataDir: string) => void;
  /**
   * Settings as `pipewright server` reads them from the environment (PIPEWRIGHT_POLL_INTERVAL_SECONDS,
   * PIPEWRIGHT_BUILD_SANDBOX…), on top of the host's PATH and locale (what builds start from).
   */
  env?: Record<string, string>;
  configure?: (config: ServerConfig) => void;
  storeLocation?: StoreLocation;
  /** The server's clock: one of its own unless the test holds it (a MovableClock runs with real time). */
  clock?: MovableClock;
}

export interface TestServer extends RunningServer {
  client: CodePipelineClient;
  dataDir: string;
  config: ServerConfig;
  clock: MovableClock;
  /** An S3 client for the artifact endpoint, signed with `credentials` (any, in local mode). */
  s3(credentials?: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string }): S3Client;
  /** Moves the clock ahead and lets every pipeline's engine see the time (a Tick), so that deadlines pass. */
  passTime(pipelineNames: readonly string[], ms: number): Promise<void>;
}

const credentials = { accessKeyId: 'AKIDTESTPIPEWRIGHT', secretAccessKey: 'test-secret' };

/**
 * The one test server: a real Pipewright server on a free loopback port with its own data directory, a
 * clock tests can move ahead, an AWS SDK client pointed at it with throwaway credentials (local mode
 * accepts any), and S3 clients for its artifact endpoint.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pipewright-test-'));
  options.prepare?.(dataDir);
  const config = resolveServerConfig({ host: '127.0.0.1', port: 0, dataDir }, { ...buildBaseEnvironment(process.env, []), ...options.env });
  options.configure?.(config);
  const clock = options.clock ?? new MovableClock();
  // Silent unless PIPEWRIGHT_TEST_LOG names a level, but for a shutdown step that holds a close up: a
  // test's cleanup timing out should say which step it waited for.
  const logger = process.env.PIPEWRIGHT_TEST_LOG !== undefined ? pino({ level: process.env.PIPEWRIGHT_TEST_LOG }) : pino({ level: 'warn' }, slowShutdownOnly);
  const location = options.storeLocation;
  const start = () => startServer(config, { logger, clock, ...(location ? { storeLocation: location } : {}) });
  // Migrating into a schema of its own must not overlap another test file dropping one (see holdingSchemaLock).
  const server = location?.kind === 'postgres' ? await holdingSchemaLock(location.url, 'shared', start) : await start();
  const client = new CodePipelineClient({ endpoint: server.url, region: config.partition.region, credentials, maxAttempts: 1 });
  const s3Clients: S3Client[] = [];
  return {
    ...server,
    client,
    dataDir,
    config,
    clock,
    s3: (given = {}) => {
      const s3 = new S3Client({
        endpoint: `${server.url}/s3`,
        region: config.partition.region,
        forcePathStyle: true,
        maxAttempts: 1,
        credentials: {
          accessKeyId: given.accessKeyId ?? credentials.accessKeyId,
          secretAccessKey: given.secretAccessKey ?? credentials.secretAccessKey,
          ...(given.sessionToken !== undefined ? { sessionToken: given.sessionToken } : {}),
        },
      });
      s3Clients.push(s3);
      return s3;
    },
    passTime: async (pipelineNames, ms) => {
      clock.advance(ms);
      for (const name of pipelineNames) await server.engine.submit(name, { event: { type: 'Tick' } });
    },
    close: async () => {
      for (const s3 of s3Clients) s3.destroy();
      client.destroy();
      await server.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A log destination passing on only the shutdown's "waits for a step" lines (start-server.ts), to stderr. */
const slowShutdownOnly = {
  write(line: string): void {
    if (line.includes('the shutdown waits for a step')) process.stderr.write(`test server: ${line}`);
  },
};
