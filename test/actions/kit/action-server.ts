import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { S3Client } from '@aws-sdk/client-s3';
import { pino } from 'pino';
import { resolveServerConfig, type ServerConfig } from '../../../src/server/config.js';
import { startServer, type RunningServer } from '../../../src/server/start-server.js';
import { MovableClock } from '../../kit/movable-clock.js';

export interface ActionServer extends RunningServer {
  client: CodePipelineClient;
  dataDir: string;
  config: ServerConfig;
  clock: MovableClock;
  /** An S3 client for the artifact endpoint, signed with `credentials` (any, in local mode). */
  s3(credentials?: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string }): S3Client;
  /** Moves the clock ahead and lets every pipeline's engine see the time (a Tick), so that deadlines pass. */
  passTime(pipelineNames: readonly string[], ms: number): Promise<void>;
}

/**
 * A real Pipewright server for the action tests: its own data directory, a clock tests can move ahead,
 * an AWS SDK client, and S3 clients for the artifact endpoint. `close()` removes the data directory.
 */
export async function startActionServer(
  options: { prepare?: (dataDir: string) => void; configure?: (config: ServerConfig) => void } = {},
): Promise<ActionServer & { close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-actions-'));
  options.prepare?.(dataDir);
  const config = resolveServerConfig({ host: '127.0.0.1', port: 0, dataDir }, {});
  options.configure?.(config);
  const clock = new MovableClock();
  const server = await startServer(config, { logger: pino({ level: process.env.PIPEWRIGHT_TEST_LOG ?? 'silent' }), clock });
  const client = new CodePipelineClient({
    endpoint: server.url,
    region: config.partition.region,
    credentials: { accessKeyId: 'AKIDTESTACTIONS', secretAccessKey: 'test-secret' },
    maxAttempts: 1,
  });
  const s3Clients: S3Client[] = [];
  return {
    ...server,
    client,
    dataDir,
    config,
    clock,
    s3: (credentials = {}) => {
      const s3 = new S3Client({
        endpoint: `${server.url}/s3`,
        region: config.partition.region,
        forcePathStyle: true,
        maxAttempts: 1,
        credentials: {
          accessKeyId: credentials.accessKeyId ?? 'AKIDTESTACTIONS',
          secretAccessKey: credentials.secretAccessKey ?? 'test-secret',
          ...(credentials.sessionToken !== undefined ? { sessionToken: credentials.sessionToken } : {}),
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
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Writes a local function `<data-dir>/functions/<name>/` with `files` (index.mjs…), and gives it the
 * project's node_modules, as `npm install` in the function's folder would: it may import the AWS SDK.
 */
export function writeFunction(dataDir: string, name: string, files: Record<string, string>): string {
  const dir = join(dataDir, 'functions', name);
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
  return dir;
}
