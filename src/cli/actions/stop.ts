import { StopPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { withoutMetadata } from '../../client/index.js';
import { printJson } from '../cli-context.js';
import { CliFailure, ExitCode } from '../exit-codes.js';
import { latestRunningExecution } from '../pipeline-lookups.js';
import { runAction } from '../run-action.js';

/**
 * `stop NAME [EXECUTION_ID] [--abandon] [--reason R]`: stops an execution, by default the newest one in
 * progress. Without --abandon, running actions finish first; with it, they are abandoned at once.
 * With --json, StopPipelineExecution's response.
 */
export const stopAction = runAction<{ abandon: boolean; reason?: string }, [string, string | undefined]>(async (context, options, pipelineName, executionId) => {
  const pipelineExecutionId = executionId ?? (await latestRunningExecution(context, pipelineName))?.pipelineExecutionId;
  if (pipelineExecutionId === undefined) {
    throw new CliFailure(`PipelineExecutionNotStoppableException: ${pipelineName} has no execution in progress.`, ExitCode.refused);
  }
  const response = await context.send((client) =>
    client.send(
      new StopPipelineExecutionCommand({
        pipelineName,
        pipelineExecutionId,
        abandon: options.abandon,
        ...(options.reason !== undefined ? { reason: options.reason } : {}),
      }),
    ),
  );
  if (context.json) printJson(withoutMetadata(response));
  else context.out.line(`${options.abandon ? 'Abandoning' : 'Stopping'} execution ${pipelineExecutionId} of ${pipelineName}.`);
});
