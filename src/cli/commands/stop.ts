import { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';

/**
 * `stop NAME [EXECUTION_ID] [--abandon] [--reason R]`: stops an execution, by default the newest one in
 * progress. Without --abandon, running actions finish first; with it, they are abandoned at once.
 * With --json, StopPipelineExecution's response.
 */
export function stopCommand(): Command {
  return new Command('stop')
    .description('Stop an execution (default: the newest in progress).')
    .argument('<name>', 'the pipeline')
    .argument('[execution-id]', 'the execution to stop')
    .option('--abandon', 'abandon the running actions instead of letting them finish', false)
    .option('--reason <text>', 'why (shown with the stopped execution)')
    .action(lazyAction(() => import('../actions/stop.js'), 'stopAction'));
}
