import type { Command } from 'commander';
import { createLogger } from '../../server/logger.js';
import { startRemoteWorker } from '../../server/remote-worker.js';
import { resolveWorkerConfig } from '../../server/worker-config.js';
import { ExitCode } from '../exit-codes.js';
import { globalOptionsOf } from '../global-options.js';
import { stopOnSignals } from '../stop-on-signals.js';

/** `pipewright worker`: runs jobs for a server until SIGTERM or SIGINT, then drains. */
export const workerAction = async (options: { concurrency?: string; types?: string; dataDir?: string }, command: Command) => {
  const global = globalOptionsOf(command);
  let config;
  try {
    config = resolveWorkerConfig({ ...options, ...(global.endpointUrl !== undefined ? { endpointUrl: global.endpointUrl } : {}), ...(global.profile !== undefined ? { profile: global.profile } : {}) });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = ExitCode.usage;
    return;
  }
  const logger = createLogger(config.logLevel);
  const stopping = new AbortController();
  const starting = startRemoteWorker(config, { logger, signal: stopping.signal });
  stopOnSignals(starting, logger, () => stopping.abort());
  try {
    await starting;
  } catch (error) {
    if (stopping.signal.aborted) return;
    process.stderr.write(`pipewright worker could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
};
