import { DisableStageTransitionCommand, EnableStageTransitionCommand } from '@aws-sdk/client-codepipeline';
import { withoutMetadata } from '../../client/index.js';
import { printJson } from '../cli-context.js';
import { runAction } from '../run-action.js';

/**
 * `disable-transition NAME STAGE --reason R [--outbound]` and `enable-transition NAME STAGE [--outbound]`:
 * the transition into a stage (inbound, the default) or out of it. With --json, the (empty) response.
 */
export const transitionsAction = runAction<{ reason: string; outbound: boolean }, [string, string]>(async ({ send, json, out }, options, pipelineName, stageName) => {
        const transitionType = options.outbound ? 'Outbound' : 'Inbound';
        const response = await send((client) => client.send(new DisableStageTransitionCommand({ pipelineName, stageName, transitionType, reason: options.reason })));
        if (json) printJson(withoutMetadata(response));
        else out.line(`Disabled the ${transitionType.toLowerCase()} transition of ${stageName} in ${pipelineName}.`);
      });

export const transitionsAction2 = runAction<{ outbound: boolean }, [string, string]>(async ({ send, json, out }, options, pipelineName, stageName) => {
        const transitionType = options.outbound ? 'Outbound' : 'Inbound';
        const response = await send((client) => client.send(new EnableStageTransitionCommand({ pipelineName, stageName, transitionType })));
        if (json) printJson(withoutMetadata(response));
        else out.line(`Enabled the ${transitionType.toLowerCase()} transition of ${stageName} in ${pipelineName}.`);
      });
