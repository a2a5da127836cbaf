import { GetPipelineStateCommand, ListPipelineExecutionsCommand, type ActionState, type PipelineExecutionSummary, type StageState } from '@aws-sdk/client-codepipeline';
import type { CliContext } from './cli-context.js';
import { CliFailure, ExitCode } from './exit-codes.js';

/** The pipeline's most recent execution (any status), or undefined when it never ran. */
export async function latestExecution(context: CliContext, pipelineName: string): Promise<PipelineExecutionSummary | undefined> {
  const { pipelineExecutionSummaries } = await context.send((client) => client.send(new ListPipelineExecutionsCommand({ pipelineName, maxResults: 1 })));
  return pipelineExecutionSummaries?.[0];
}

/** The newest execution still running (InProgress or Stopping): what `stop` means without an id. */
export async function latestRunningExecution(context: CliContext, pipelineName: string): Promise<PipelineExecutionSummary | undefined> {
  const { pipelineExecutionSummaries } = await context.send((client) => client.send(new ListPipelineExecutionsCommand({ pipelineName, maxResults: 100 })));
  return pipelineExecutionSummaries?.find((summary) => summary.status === 'InProgress');
}

/** A stage's current state in GetPipelineState; a stage the pipeline lacks is refused, naming those it has. */
export async function stageState(context: CliContext, pipelineName: string, stageName: string): Promise<StageState> {
  const { stageStates } = await context.send((client) => client.send(new GetPipelineStateCommand({ name: pipelineName })));
  const stage = stageStates?.find((candidate) => candidate.stageName === stageName);
  if (stage === undefined) {
    throw new CliFailure(`StageNotFoundException: ${pipelineName} has no stage ${stageName} (it has ${names(stageStates?.map((s) => s.stageName))}).`, ExitCode.refused);
  }
  return stage;
}

/** An action's current state in GetPipelineState; a stage or action the pipeline lacks is refused, naming what exists. */
export async function actionState(context: CliContext, pipelineName: string, stageName: string, actionName: string): Promise<ActionState> {
  const stage = await stageState(context, pipelineName, stageName);
  const action = stage.actionStates?.find((candidate) => candidate.actionName === actionName);
  if (action === undefined) {
    throw new CliFailure(
      `ActionNotFoundException: stage ${stageName} of ${pipelineName} has no action ${actionName} (it has ${names(stage.actionStates?.map((a) => a.actionName))}).`,
      ExitCode.refused,
    );
  }
  return action;
}

function names(list: (string | undefined)[] | undefined): string {
  return (list ?? []).filter((name) => name !== undefined).join(', ') || 'none';
}
