import { StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { Command } from 'commander';
import { withoutMetadata } from '../../client/index.js';
import { printJson } from '../cli-context.js';
import { ExitCode, usageError } from '../exit-codes.js';
import { followExecution } from '../execution-progress.js';
import { colourStatus, formatDuration } from '../format.js';
import { runAction } from '../run-action.js';

interface StartOptions {
  var: string[];
  wait: boolean;
}

/**
 * `start NAME [--var k=v]… [--wait]`: StartPipelineExecution. With --wait, progress stage by stage until
 * the execution ends; exit 0 when it succeeded, 1 when it failed, stopped or was superseded. With
 * --json: StartPipelineExecution's response, or with --wait GetPipelineExecution's at the end (progress
 * then goes to stderr).
 */
export function startCommand(): Command {
  return new Command('start')
    .description('Start an execution of a pipeline; --wait follows it to its end.')
    .argument('<name>', 'the pipeline')
    .option('--var <name=value>', 'a pipeline variable for this execution (repeatable)', (value: string, all: string[]) => [...all, value], [])
    .option('--wait', 'follow the execution until it ends; the exit code says how it ended', false)
    .action(
      runAction<StartOptions, [string]>(async (context, options, name) => {
        const variables = options.var.map(variableOf);
        const started = await context.send((client) =>
          client.send(new StartPipelineExecutionCommand({ name, ...(variables.length > 0 ? { variables } : {}) })),
        );
        const id = started.pipelineExecutionId ?? '';
        if (!options.wait) {
          if (context.json) printJson(withoutMetadata(started));
          else context.out.line(id);
          return ExitCode.success;
        }
        const { out } = context;
        const print = context.json ? out.note : out.line;
        print(`Started execution ${id} of ${name}.`);
        const began = Date.now();
        const execution = await followExecution(context, name, id, print);
        const succeeded = execution.status === 'Succeeded';
        if (context.json) printJson({ pipelineExecution: execution });
        else {
          const summary = execution.statusSummary !== undefined && execution.statusSummary !== '' ? `: ${execution.statusSummary}` : '';
          print(`Execution ${id} ${colourStatus(out.colors, execution.status)} after ${formatDuration(Date.now() - began)}${summary}`);
        }
        return succeeded ? ExitCode.success : ExitCode.refused;
      }),
    );
}

function variableOf(text: string): { name: string; value: string } {
  const equals = text.indexOf('=');
  if (equals < 1) throw usageError(`--var takes name=value; got ${JSON.stringify(text)}.`);
  return { name: text.slice(0, equals), value: text.slice(equals + 1) };
}
