import { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';

/**
 * `watch NAME`: the `status` view, live until Ctrl-C. On a terminal it is redrawn in place; otherwise
 * the first view is printed whole and then one line per stage or action whose status changed. With
 * --json, one GetPipelineState response per line (NDJSON) each time the pipeline changes.
 */
export function watchCommand(): Command {
  return new Command('watch')
    .description('Watch a pipeline’s stages live (Ctrl-C to stop).')
    .argument('<name>', 'the pipeline')
    .action(lazyAction(() => import('../actions/watch.js'), 'watchAction'));
}
