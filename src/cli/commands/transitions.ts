import { DisableStageTransitionCommand, EnableStageTransitionCommand } from '@aws-sdk/client-codepipeline';
import { Command } from 'commander';
import { withoutMetadata } from '../../client/index.js';
import { printJson } from '../cli-context.js';
import { runAction } from '../run-action.js';

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
    .action(
      runAction<{ reason: string; outbound: boolean }, [string, string]>(async ({ send, json, out }, options, pipelineName, stageName) => {
        const transitionType = options.outbound ? 'Outbound' : 'Inbound';
        const response = await send((client) => client.send(new DisableStageTransitionCommand({ pipelineName, stageName, transitionType, reason: options.reason })));
        if (json) printJson(withoutMetadata(response));
        else out.line(`Disabled the ${transitionType.toLowerCase()} transition of ${stageName} in ${pipelineName}.`);
      }),
    );
  const enable = new Command('enable-transition')
    .description('Let executions enter a stage again (or, with --outbound, leave it).')
    .argument('<name>', 'the pipeline')
    .argument('<stage>', 'the stage')
    .option('--outbound', 'the transition out of the stage instead of into it', false)
    .action(
      runAction<{ outbound: boolean }, [string, string]>(async ({ send, json, out }, options, pipelineName, stageName) => {
        const transitionType = options.outbound ? 'Outbound' : 'Inbound';
        const response = await send((client) => client.send(new EnableStageTransitionCommand({ pipelineName, stageName, transitionType })));
        if (json) printJson(withoutMetadata(response));
        else out.line(`Enabled the ${transitionType.toLowerCase()} transition of ${stageName} in ${pipelineName}.`);
      }),
    );
  return [disable, enable];
}
