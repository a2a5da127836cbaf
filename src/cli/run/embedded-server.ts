import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveServerConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { startServer, type RunningServer } from '../../server/start-server.js';

/**
 * The server of one `pipewright run`: a whole Pipewright (engine, worker, API, console) on a fresh
 * temporary data directory, SQLite and the filesystem, listening on a free loopback port. Its log goes
 * to `<data-dir>/server.log`, not to the terminal, which is the run's. The environment's
 * PIPEWRIGHT_DATABASE_URL and S3 settings are not used: a run touches nothing but its own directory.
 */
export interface EmbeddedServer {
  url: string;
  dataDir: string;
  server: RunningServer;
  /** Maps connection ARNs to this server's git host (what CodeStarSourceConnection sources read). */
  writeConnections(arns: readonly string[]): Promise<void>;
  /** Writes `<data-dir>/projects/<name>.yml`, a CodeBuild project as Pipewright keeps it. */
  writeProject(name: string, project: Record<string, unknown>): Promise<void>;
  /** Stops the server; removes the data directory unless `keep`. */
  close(keep: boolean): Promise<void>;
}

export async function startEmbeddedServer(): Promise<EmbeddedServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pipewright-run-'));
  const { databaseUrl: _databaseUrl, s3: _s3, ...config } = resolveServerConfig({ host: '127.0.0.1', port: 0, dataDir, demo: false });
  const log = createWriteStream(join(dataDir, 'server.log'), { flags: 'a' });
  const logger = createLogger(config.logLevel, log);
  let server: RunningServer;
  try {
    server = await startServer(config, { logger });
  } catch (error) {
    log.end();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: server.url,
    dataDir,
    server,
    writeConnections: async (arns) => {
      const connections = Object.fromEntries(arns.map((arn) => [arn, { baseUrl: `${server.url}/git` }]));
      await writeFile(join(dataDir, 'connections.json'), `${JSON.stringify({ connections }, null, 2)}\n`);
    },
    writeProject: async (name, project) => {
      await mkdir(join(dataDir, 'projects'), { recursive: true });
      await writeFile(join(dataDir, 'projects', `${name}.json`), `${JSON.stringify(project, null, 2)}\n`);
    },
    close: async (keep) => {
      await server.close();
      await new Promise<void>((resolve) => log.end(resolve));
      if (!keep) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
