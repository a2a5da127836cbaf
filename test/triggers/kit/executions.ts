import { type CodePipelineClient, ListPipelineExecutionsCommand, type PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';

/**
 * The settings trigger tests start their server with (test/kit/test-server.ts `env`): change detection
 * polls every `seconds` (3600: never, in a test), two jobs at a time.
 */
export function pollEvery(seconds: number): Record<string, string> {
  return { PIPEWRIGHT_POLL_INTERVAL_SECONDS: String(seconds), PIPEWRIGHT_WORKER_CONCURRENCY: '2' };
}

/** Every execution of a pipeline, oldest first. */
export async function executionsOf(client: CodePipelineClient, pipelineName: string): Promise<PipelineExecutionSummary[]> {
  const summaries: PipelineExecutionSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListPipelineExecutionsCommand({ pipelineName, ...(nextToken !== undefined ? { nextToken } : {}) }));
    summaries.push(...(page.pipelineExecutionSummaries ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return summaries.reverse();
}

/** Polls the executions of a pipeline until `check` finds what it waits for (with a deadline). */
export async function waitForExecutions<T>(
  client: CodePipelineClient,
  pipelineName: string,
  check: (executions: PipelineExecutionSummary[]) => T | undefined,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const executions = await executionsOf(client, pipelineName);
    const found = check(executions);
    if (found !== undefined) return found;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(executions.map((e) => [e.trigger?.triggerType, e.status, e.sourceRevisions?.[0]?.revisionId]))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The executions started by a trigger type, oldest first. */
export function byTrigger(executions: PipelineExecutionSummary[], triggerType: string): PipelineExecutionSummary[] {
  return executions.filter((execution) => execution.trigger?.triggerType === triggerType);
}
