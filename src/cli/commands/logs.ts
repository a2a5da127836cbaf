import { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';

/**
 * `logs NAME [--stage S] [--action A] [--execution ID] [--follow]`: the logs of an execution's actions,
 * by default the latest execution's build actions (all of its actions when it has no build). With
 * --follow, lines are printed as they are written, of every action running at once (a header names the
 * action whenever the output switches to another, as `tail -f` does with files), and actions that start
 * later are followed as they start, until the execution ends. With --json, one JSON object per line:
 * `{"stageName", "actionName", "actionExecutionId", "number", "time", "stream", "text"}`.
 */
export function logsCommand(): Command {
  return new Command('logs')
    .description('Print the logs of an execution’s actions (default: the latest execution’s builds).')
    .argument('<name>', 'the pipeline')
    .option('--stage <stage>', 'only the actions of this stage')
    .option('--action <action>', 'only the action of this name')
    .option('--execution <id>', 'this execution instead of the latest')
    .option('-F, --follow', 'keep printing as the log grows, until the execution ends', false)
    .action(lazyAction(() => import('../actions/logs.js'), 'logsAction'));
}
