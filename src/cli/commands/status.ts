import { GetPipelineStateCommand } from '@aws-sdk/client-codepipeline';
import { Command } from 'commander';
import { withoutMetadata } from '../../client/index.js';
import { printJson } from '../cli-context.js';
import { pipelineStateLines } from '../pipeline-state-view.js';
import { runAction } from '../run-action.js';

/** `status NAME`: GetPipelineState as stages and actions; with --json, the response itself. */
export function statusCommand(): Command {
  return new Command('status')
    .description('Show where a pipeline is: stages, actions, waiting executions and disabled transitions.')
    .argument('<name>', 'the pipeline')
    .action(
      runAction<object, [string]>(async ({ send, json, out }, _options, name) => {
        const state = await send((client) => client.send(new GetPipelineStateCommand({ name })));
        if (json) printJson(withoutMetadata(state));
        else for (const line of pipelineStateLines(state, out.colors)) out.line(line);
      }),
    );
}
