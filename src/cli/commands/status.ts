import { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';

/** `status NAME`: GetPipelineState as stages and actions; with --json, the response itself. */
export function statusCommand(): Command {
  return new Command('status')
    .description('Show where a pipeline is: stages, actions, waiting executions and disabled transitions.')
    .argument('<name>', 'the pipeline')
    .action(lazyAction(() => import('../actions/status.js'), 'statusAction'));
}
