import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listRepositories } from '../../api/http/git-repositories.js';
import type { ServerConfig } from '../config.js';
import type { RunningServer } from '../start-server.js';
import { demoNames } from './demo-names.js';
import { followDemoRun, type DemoReporter } from './follow-demo-run.js';
import { seedDemo } from './seed-demo.js';

/**
 * The quickstart demo of `pipewright server` (`npm start`): in a new data directory, a sample app's
 * repository and a pipeline that builds, tests, waits for approval and deploys it, run at once.
 *
 * "New" is decided twice, so that a restart never seeds again and nobody's work is touched: before the
 * server starts, there is no SQLite file yet (the store is created by this start) and no hosted
 * repository; once it runs, the store has no pipeline (this is what counts for PostgreSQL). Only the
 * `server` command calls this: servers started by tests (startServer) stay empty.
 */
export async function dataDirIsNew(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'> & { reposDir?: string }): Promise<boolean> {
  if (config.databaseUrl === undefined && existsSync(join(config.dataDir, 'pipewright.db'))) return false;
  return (await listRepositories(config.reposDir ?? join(config.dataDir, 'repos'))).length === 0;
}

/** Seeds the demo in a server started on a new data directory and says where to look. Never throws: a demo that fails leaves the server running. */
export async function startQuickstartDemo(server: Pick<RunningServer, 'url' | 'store' | 'engine' | 'rootCredentials'>, config: ServerConfig, reporter: DemoReporter): Promise<void> {
  const { logger } = reporter;
  try {
    if ((await server.store.countPipelines()) > 0) {
      logger.info('the store has pipelines: no demo');
      return;
    }
  } catch (error) {
    logger.error({ err: error }, 'could not tell whether the store is empty: no demo');
    return;
  }
  const startedAt = Date.now();
  const stopFollowing = followDemoRun(server.engine.signals, { serverUrl: server.url, dataDir: config.dataDir, reporter, startedAt });
  try {
    const { commitId } = await seedDemo({ dataDir: config.dataDir, reposDir: config.reposDir, serverUrl: server.url, partition: config.partition, ...(server.rootCredentials !== undefined ? { credentials: server.rootCredentials } : {}) });
    const pipelineUrl = `${server.url}/pipelines/${demoNames.pipeline}`;
    logger.info({ pipeline: demoNames.pipeline, repository: demoNames.repository, commitId, url: pipelineUrl }, 'demo pipeline created');
    reporter.print(`Demo pipeline '${demoNames.pipeline}' is running: open ${pipelineUrl}`);
    reporter.print(`(Its source is the repository ${server.url}/git/${demoNames.repository}; start with --no-demo, or PIPEWRIGHT_DEMO=false, to skip the demo.)`);
  } catch (error) {
    stopFollowing();
    logger.error({ err: error }, 'the demo could not be set up');
    reporter.print(`The demo could not be set up: ${error instanceof Error ? error.message : String(error)}`);
  }
}
