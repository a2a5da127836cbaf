import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  AcknowledgeJobCommand,
  CodePipelineClient,
  PollForJobsCommand,
  PutJobFailureResultCommand,
  PutJobSuccessResultCommand,
  type ActionCategory,
  type Job,
} from '@aws-sdk/client-codepipeline';
import { artifactClient, downloadInputs, uploadOutput } from './artifacts.js';
import { CommandRun } from './command-run.js';

/**
 * A job worker for a CodePipeline custom action that runs a shell command: written for CodePipeline
 * with the AWS SDK, it runs against Pipewright by changing only its endpoints (AWS_ENDPOINT_URL_CODEPIPELINE
 * = the server, AWS_ENDPOINT_URL_S3 = the server's /s3). See README.md.
 *
 * For each job: acknowledge it, download the input artifacts, start the action's `Command`, and if it is
 * not done within a moment, report success with a continuation token: the action stays in progress
 * and CodePipeline sends a new job carrying the token, which this worker answers with the command's
 * progress until it has finished. Then it uploads the output artifact, reports the command's output
 * variables and succeeds, or reports the failure with the end of the command's output.
 */
const { values: options } = parseArgs({
  options: {
    category: { type: 'string', default: 'Build' },
    provider: { type: 'string', default: 'ShellCommand' },
    version: { type: 'string', default: '1' },
    query: { type: 'string' },
    'poll-interval-ms': { type: 'string', default: '5000' },
    'wait-ms': { type: 'string', default: '1000' },
  },
});

const actionTypeId = { category: options.category as ActionCategory, owner: 'Custom' as const, provider: options.provider, version: options.version };
const pollIntervalMs = Number(options['poll-interval-ms']);
/** How long a new command may take before the job answers with a continuation token instead. */
const waitMs = Number(options['wait-ms']);
const queryParam = options.query === undefined ? undefined : Object.fromEntries([options.query.split('=', 2) as [string, string]]);
const codepipeline = new CodePipelineClient({});
const runs = new Map<string, CommandRun>();
let stopping = false;

async function main(): Promise<void> {
  const workRoot = await mkdtemp(join(tmpdir(), 'job-worker-'));
  log(`polling for ${actionTypeId.category}/${actionTypeId.owner}/${actionTypeId.provider}/${actionTypeId.version} jobs`);
  process.once('SIGTERM', () => (stopping = true));
  process.once('SIGINT', () => (stopping = true));
  while (!stopping) {
    let jobs: Job[] = [];
    try {
      ({ jobs = [] } = await codepipeline.send(new PollForJobsCommand({ actionTypeId, maxBatchSize: 5, ...(queryParam !== undefined ? { queryParam } : {}) })));
    } catch (error) {
      log(`polling failed: ${String(error)}`);
    }
    for (const job of jobs) await handle(job, workRoot).catch((error: unknown) => log(`job ${job.id ?? ''}: could not be handled: ${String(error)}`));
    if (jobs.length === 0) await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
  await rm(workRoot, { recursive: true, force: true });
  codepipeline.destroy();
}

async function handle(job: Job, workRoot: string): Promise<void> {
  const jobId = job.id ?? '';
  const { status } = await codepipeline.send(new AcknowledgeJobCommand({ jobId, nonce: job.nonce }));
  if (status !== 'InProgress') return;
  const data = job.data ?? {};
  try {
    const token = data.continuationToken;
    let run = token === undefined ? undefined : runs.get(token);
    if (token !== undefined && run === undefined) {
      await fail(jobId, `The work ${token} is unknown to this worker (it was restarted): retry the stage.`);
      return;
    }
    if (run === undefined) {
      const directory = join(workRoot, randomUUID());
      const s3 = artifactClient(data);
      const inputs = await downloadInputs(s3, data.inputArtifacts ?? [], join(directory, 'inputs'));
      s3.destroy();
      const configuration = { ...data.actionConfiguration?.configuration };
      run = new CommandRun(randomUUID(), directory, configuration.Command ?? 'true', inputs, configuration);
      runs.set(run.id, run);
      log(`job ${jobId}: started the command (work ${run.id})`);
      await Promise.race([run.finished, new Promise((resolve) => setTimeout(resolve, waitMs))]);
    }
    if (!run.done) {
      const progress = await run.progress();
      await codepipeline.send(
        new PutJobSuccessResultCommand({
          jobId,
          continuationToken: run.id,
          executionDetails: { summary: 'The command is running', externalExecutionId: run.id, ...(progress !== undefined ? { percentComplete: progress } : {}) },
        }),
      );
      log(`job ${jobId}: still running; continuing with a new job (work ${run.id}${progress !== undefined ? `, ${progress}%` : ''})`);
      return;
    }
    runs.delete(run.id);
    await finish(jobId, data, run, workRoot);
  } catch (error) {
    await fail(jobId, `The worker failed: ${String(error)}`);
  }
}

async function finish(jobId: string, data: NonNullable<Job['data']>, run: CommandRun, workRoot: string): Promise<void> {
  if (run.code !== 0) {
    await fail(jobId, `The command exited with code ${String(run.code)}:\n${await run.tail()}`, run.id);
    await rm(run.directory, { recursive: true, force: true });
    return;
  }
  const output = data.outputArtifacts?.[0];
  if (output !== undefined) {
    const s3 = artifactClient(data);
    await uploadOutput(s3, output, run.outputDir, workRoot);
    s3.destroy();
  }
  const outputVariables = await run.variables();
  await codepipeline.send(
    new PutJobSuccessResultCommand({
      jobId,
      executionDetails: { summary: 'The command succeeded', externalExecutionId: run.id, percentComplete: 100 },
      ...(Object.keys(outputVariables).length > 0 ? { outputVariables } : {}),
    }),
  );
  log(`job ${jobId}: succeeded (work ${run.id})`);
  await rm(run.directory, { recursive: true, force: true });
}

async function fail(jobId: string, message: string, externalExecutionId?: string): Promise<void> {
  await codepipeline.send(
    new PutJobFailureResultCommand({ jobId, failureDetails: { type: 'JobFailed', message: message.slice(0, 5000), ...(externalExecutionId !== undefined ? { externalExecutionId } : {}) } }),
  );
  log(`job ${jobId}: failed: ${message.split('\n')[0] ?? ''}`);
}

function log(message: string): void {
  console.log(`${new Date().toISOString()} ${message}`);
}

await main();
