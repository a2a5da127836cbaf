import {
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  type ActionExecutionDetail,
  type CodePipelineClient,
} from '@aws-sdk/client-codepipeline';
import { FileLogStore } from '../../../src/artifacts/logs/file-log-store.js';
import { systemClock } from '../../../src/core/clock.js';
import { eventually } from './wait.js';

/** The id of the pipeline's newest execution, once there is one. */
export function latestExecutionId(client: CodePipelineClient, pipelineName: string): Promise<string> {
  return eventually(async () => {
    const { pipelineExecutionSummaries } = await client.send(new ListPipelineExecutionsCommand({ pipelineName }));
    return pipelineExecutionSummaries?.[0]?.pipelineExecutionId;
  }, `an execution of ${pipelineName}`);
}

/** The runs of the execution's actions, by action name (the newest run of each). */
export async function actionRuns(client: CodePipelineClient, pipelineName: string, pipelineExecutionId: string): Promise<Map<string, ActionExecutionDetail>> {
  const { actionExecutionDetails = [] } = await client.send(new ListActionExecutionsCommand({ pipelineName, filter: { pipelineExecutionId } }));
  const byName = new Map<string, ActionExecutionDetail>();
  for (const detail of actionExecutionDetails) if (detail.actionName !== undefined && !byName.has(detail.actionName)) byName.set(detail.actionName, detail);
  return byName;
}

/** The action execution's log as text lines (`<stream> <text>`). */
export async function actionLog(dataDir: string, actionExecutionId: string): Promise<string[]> {
  const { lines } = await new FileLogStore({ dataDir, clock: systemClock }).read(actionExecutionId, { afterLine: 0, limit: 10_000 });
  return lines.map((line) => `${line.stream} ${line.text}`);
}

/**
 * The log once it is complete. A function reports through the job API, so its action (and execution)
 * can end before the provider has written the function's last lines (END, REPORT) and closed the log.
 */
export function completeActionLog(dataDir: string, actionExecutionId: string): Promise<string[]> {
  const logs = new FileLogStore({ dataDir, clock: systemClock });
  return eventually(async () => {
    const { lines, complete } = await logs.read(actionExecutionId, { afterLine: 0, limit: 10_000 });
    return complete ? lines.map((line) => `${line.stream} ${line.text}`) : undefined;
  }, `the log of action execution ${actionExecutionId} to be complete`);
}
