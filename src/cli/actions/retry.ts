import { RetryStageExecutionCommand } from '@aws-sdk/client-codepipeline';
import { withoutMetadata } from '../../client/index.js';
import { printJson, type CliContext } from '../cli-context.js';
import { CliFailure, ExitCode } from '../exit-codes.js';
import { stageState } from '../pipeline-lookups.js';
import { runAction } from '../run-action.js';

/**
 * `retry NAME STAGE [EXECUTION_ID] [--all]`: retries a failed stage, by default in the execution that
 * ran it last, its failed actions only (FAILED_ACTIONS) or with --all every action (ALL_ACTIONS).
 * With --json, RetryStageExecution's response.
 */
export const retryAction = runAction<{ all: boolean }, [string, string, string | undefined]>(async (context, { all }, pipelineName, stageName, executionId) => {
  const pipelineExecutionId = executionId ?? (await stageLatestExecution(context, pipelineName, stageName));
  const response = await context.send((client) =>
    client.send(new RetryStageExecutionCommand({ pipelineName, stageName, pipelineExecutionId, retryMode: all ? 'ALL_ACTIONS' : 'FAILED_ACTIONS' })),
  );
  if (context.json) printJson(withoutMetadata(response));
  else context.out.line(`Retrying ${stageName} of ${pipelineName} in execution ${response.pipelineExecutionId ?? pipelineExecutionId}.`);
});

async function stageLatestExecution(context: CliContext, pipelineName: string, stageName: string): Promise<string> {
  const id = (await stageState(context, pipelineName, stageName)).latestExecution?.pipelineExecutionId;
  if (id === undefined) throw new CliFailure(`StageNotRetryableException: stage ${stageName} of ${pipelineName} has not run yet.`, ExitCode.refused);
  return id;
}
