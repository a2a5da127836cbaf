import { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';

/**
 * `disable-transition NAME STAGE --reason R [--outbound]` and `enable-transition NAME STAGE [--outbound]`:
 * the transition into a stage (inbound, the default) or out of it. With --json, the (empty) response.
 */
export function transitionCommands(): Command[] {
  const disable = new Command('disable-transition')
    .description('Stop executions from entering a stage (or, with --outbound, from leaving it).')
    .argument('<name>', 'the pipeline')
    .argument('<stage>', 'the stage')
    .requiredOption('--reason <text>', 'why (shown with the disabled transition)')
    .option('--outbound', 'the transition out of the stage instead of into it', false)
    .action(lazyAction(() => import('../actions/transitions.js'), 'transitionsAction'));
  const enable = new Command('enable-transition')
    .description('Let executions enter a stage again (or, with --outbound, leave it).')
    .argument('<name>', 'the pipeline')
    .argument('<stage>', 'the stage')
    .option('--outbound', 'the transition out of the stage instead of into it', false)
    .action(lazyAction(() => import('../actions/transitions.js'), 'transitionsAction2'));
  return [disable, enable];
}
