import { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';

/**
 * `retry NAME STAGE [EXECUTION_ID] [--all]`: retries a failed stage, by default in the execution that
 * ran it last, its failed actions only (FAILED_ACTIONS) or with --all every action (ALL_ACTIONS).
 * With --json, RetryStageExecution's response.
 */
export function retryCommand(): Command {
  return new Command('retry')
    .description('Retry a failed stage (its failed actions, or all with --all).')
    .argument('<name>', 'the pipeline')
    .argument('<stage>', 'the stage')
    .argument('[execution-id]', 'the execution (default: the stage’s latest)')
    .option('--all', 'run every action of the stage again, not only the failed ones', false)
    .action(lazyAction(() => import('../actions/retry.js'), 'retryAction'));
}
