import { PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { Command } from 'commander';
import { withoutMetadata } from '../../client/index.js';
import { printJson } from '../cli-context.js';
import { CliFailure, ExitCode } from '../exit-codes.js';
import { actionState } from '../pipeline-lookups.js';
import { runAction } from '../run-action.js';

/**
 * `approve` and `reject NAME STAGE ACTION [--summary S]`: answers the manual approval waiting there,
 * with the token GetPipelineState shows for it. With --json, PutApprovalResult's response.
 */
export function approvalCommands(): Command[] {
  return [approvalCommand('approve', 'Approved'), approvalCommand('reject', 'Rejected')];
}

function approvalCommand(commandName: string, status: 'Approved' | 'Rejected'): Command {
  return new Command(commandName)
    .description(`${status === 'Approved' ? 'Approve' : 'Reject'} the manual approval waiting in a stage.`)
    .argument('<name>', 'the pipeline')
    .argument('<stage>', 'the stage')
    .argument('<action>', 'the approval action')
    .option('--summary <text>', 'why (kept with the approval)', status === 'Approved' ? 'Approved with pipewright' : 'Rejected with pipewright')
    .action(
      runAction<{ summary: string }, [string, string, string]>(async (context, { summary }, pipelineName, stageName, actionName) => {
        const action = await actionState(context, pipelineName, stageName, actionName);
        const token = action.latestExecution?.status === 'InProgress' ? action.latestExecution.token : undefined;
        if (token === undefined) {
          throw new CliFailure(
            `InvalidApprovalTokenException: ${stageName}/${actionName} of ${pipelineName} is not waiting for approval (its latest run is ${action.latestExecution?.status ?? 'none'}).`,
            ExitCode.refused,
          );
        }
        const response = await context.send((client) =>
          client.send(new PutApprovalResultCommand({ pipelineName, stageName, actionName, token, result: { status, summary } })),
        );
        if (context.json) printJson(withoutMetadata(response));
        else context.out.line(`${status} ${stageName}/${actionName} of ${pipelineName}.`);
      }),
    );
}
