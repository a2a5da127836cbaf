import { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';
import { revisionTypes } from '../options.js';

/**
 * `start NAME [--var k=v]… [--source-revision ACTION=TYPE:VALUE]… [--token T] [--wait]`:
 * StartPipelineExecution (a source action pinned to a revision, an idempotency token). With --wait,
 * progress stage by stage until the execution ends; exit 0 when it succeeded, 1 when it failed, stopped
 * or was superseded. With --json: StartPipelineExecution's response, or with --wait GetPipelineExecution's
 * at the end (progress then goes to stderr).
 */
export function startCommand(): Command {
  return new Command('start')
    .description('Start an execution of a pipeline; --wait follows it to its end.')
    .argument('<name>', 'the pipeline')
    .option('--var <name=value>', 'a pipeline variable for this execution (repeatable)', (value: string, all: string[]) => [...all, value], [])
    .option(
      '--source-revision <action=TYPE:value>',
      `run a source action on this revision instead of its latest (repeatable; TYPE: ${revisionTypes.join(', ')})`,
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option('--token <token>', 'a client request token: starting again with the same token gives the same execution')
    .option('--wait', 'follow the execution until it ends; the exit code says how it ended', false)
    .action(lazyAction(() => import('../actions/start.js'), 'startAction'));
}
