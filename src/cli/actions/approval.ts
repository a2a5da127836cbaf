import { PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { withoutMetadata } from '../../client/index.js';
import { printJson } from '../cli-context.js';
import { CliFailure, ExitCode } from '../exit-codes.js';
import { actionState } from '../pipeline-lookups.js';
import { runAction } from '../run-action.js';

/** What `approve` (Approved) and `reject` (Rejected) do. */
function approvalAction(status: 'Approved' | 'Rejected') {
  return runAction<{ summary: string }, [string, string, string]>(async (context, { summary }, pipelineName, stageName, actionName) => {
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
      });
}

export const approveAction = approvalAction('Approved');
export const rejectAction = approvalAction('Rejected');
