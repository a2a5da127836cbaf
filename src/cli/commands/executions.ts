import { Command, InvalidArgumentError } from 'commander';
import { lazyAction } from '../lazy-action.js';

/** `executions NAME [--max N]`: the newest executions first; with --json, ListPipelineExecutions' response. */
export function executionsCommand(): Command {
  return new Command('executions')
    .description('List a pipeline’s executions, newest first.')
    .argument('<name>', 'the pipeline')
    .option('--max <n>', 'at most this many (1 to 100)', positiveCount, 20)
    .action(lazyAction(() => import('../actions/executions.js'), 'executionsAction'));
}

function positiveCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new InvalidArgumentError('a number from 1 to 100.');
  return count;
}
