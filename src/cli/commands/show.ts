import { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';

/**
 * `show NAME [--version N]`: the pipeline's definition as YAML (what `apply -f` takes back), after a
 * comment with its metadata; with --json, GetPipeline's response.
 */
export function showCommand(): Command {
  return new Command('show')
    .description('Print a pipeline definition (YAML; --json for GetPipeline’s response).')
    .argument('<name>', 'the pipeline')
    .option('--pipeline-version <n>', 'an earlier version of the definition', (value) => Number(value))
    .action(lazyAction(() => import('../actions/show.js'), 'showAction'));
}
