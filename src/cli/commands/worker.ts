import { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';

/**
 * `worker [--concurrency N] [--types T,…] [--data-dir DIR]`: runs Pipewright's own providers on this
 * machine for the server at --endpoint-url, claiming jobs with this machine's AWS credentials.
 */
export function workerCommand(): Command {
  return new Command('worker')
    .description('Run builds, Commands, sources, functions and S3 deploys on this machine for the server at --endpoint-url.')
    .option('--concurrency <n>', 'jobs run at once (default: the number of cores, at least 2)')
    .option('--types <list>', 'only these action types, comma-separated: provider names (CodeBuild, Commands…) or Category/Owner/Provider/Version')
    .option('--data-dir <dir>', 'workspaces, git mirrors, build caches, functions and build projects (default ./.pipewright-worker)')
    .action(lazyAction(() => import('../actions/worker.js'), 'workerAction'));
}
