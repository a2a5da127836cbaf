import { CodePipelineClient, ListPipelineExecutionsCommand, type PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';
import { pino } from 'pino';
import { resolveServerConfig } from '../../../src/server/config.js';
import { startServer, type RunningServer } from '../../../src/server/start-server.js';
import { tempDir } from '../../git/git-kit.js';

export interface Pipewright extends RunningServer {
  client: CodePipelineClient;
  dataDir: string;
}

/**
 * A real server on a data directory the test keeps (so it can be stopped and started again on the same
 * state), with a short polling interval unless told otherwise.
 */
export async function startPipewright(options: { dataDir?: string; pollSeconds?: number } = {}): Promise<Pipewright> {
  const dataDir = options.dataDir ?? tempDir('triggers');
  const config = resolveServerConfig(
    { host: '127.0.0.1', port: 0, dataDir },
    { PIPEWRIGHT_POLL_INTERVAL_SECONDS: String(options.pollSeconds ?? 0.25), PIPEWRIGHT_WORKER_CONCURRENCY: '2' },
  );
  const server = await startServer(config, { logger: pino({ level: process.env.PIPEWRIGHT_TEST_LOG ?? 'silent' }) });
  const client = new CodePipelineClient({
    endpoint: server.url,
    region: config.partition.region,
    credentials: { accessKeyId: 'AKIDTESTPIPEWRIGHT', secretAccessKey: 'test-secret' },
    maxAttempts: 1,
  });
  return {
    ...server,
    client,
    dataDir,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
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
