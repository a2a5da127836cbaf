import { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';

/** `list`: every pipeline (all pages of ListPipelines); with --json, `{"pipelines": [PipelineSummary]}`. */
export function listCommand(): Command {
  return new Command('list')
    .description('List the pipelines.')
    .action(lazyAction(() => import('../actions/list.js'), 'listAction'));
}
