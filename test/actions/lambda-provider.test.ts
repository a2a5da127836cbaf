import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionJob, JobEnd, ProviderTools } from '../../src/core/contracts/action-provider.js';
import { LambdaProvider } from '../../src/providers/lambda/lambda-provider.js';
import { ProviderKit } from '../providers/codebuild/provider-kit.js';
import { eventually } from './kit/wait.js';

const lambdaType = { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' } as const;

/** A function that starts, says who it is, and never returns (a timer keeps it alive). */
const hanging = `
import { writeFileSync } from 'node:fs';
export async function handler(event, context) {
  writeFileSync(process.env.PID_FILE, String(process.pid));
  console.log(JSON.stringify({
    job: event['CodePipeline.job'].id,
    keys: Object.keys(event['CodePipeline.job'].data).sort(),
    functionName: context.functionName,
    arn: context.invokedFunctionArn,
    remaining: context.getRemainingTimeInMillis(),
    env: {
      region: process.env.AWS_REGION,
      codepipeline: process.env.AWS_ENDPOINT_URL_CODEPIPELINE,
      s3: process.env.AWS_ENDPOINT_URL_S3,
      home: process.env.HOME,
      stage: process.env.STAGE,
      leaked: process.env.PIPEWRIGHT_TEST_SERVER_SECRET ?? 'none',
      key: process.env.AWS_ACCESS_KEY_ID,
    },
  }));
  return new Promise(() => setInterval(() => {}, 1000));
}
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Lambda provider on its own, with real function processes: what it does while it waits for the
 * function's report (which comes through the job API, here simulated by the tools' jobEnded), when
 * the report never comes, when the action is abandoned, and with the function's configuration.
 */
describe('LambdaProvider', () => {
  let kit: ProviderKit;
  let pidFile: string;

  beforeEach(async () => {
    kit = await ProviderKit.open();
    pidFile = join(kit.root, 'function.pid');
  });
  afterEach(async () => {
    await kit.dispose();
  });

  function writeFunction(name: string, files: Record<string, string>): void {
    const dir = join(kit.dataDir, 'functions', name);
    mkdirSync(join(dir, 'lib'), { recursive: true });
    for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  }

  function lambdaJob(functionName: string): { job: ActionJob; tools: ProviderTools; end: (end: JobEnd) => void } {
    const job = kit.job({ typeId: lambdaType, configuration: { FunctionName: functionName, UserParameters: 'u' } }, { inputArtifacts: [], outputArtifacts: [] });
    let end: (value: JobEnd) => void = () => undefined;
    const ended = new Promise<JobEnd>((resolve) => (end = resolve));
    const tools: ProviderTools = {
      ...kit.tools(job),
      jobEnded: (signal) =>
        Promise.race([
          ended,
          new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('stopped waiting')), { once: true })),
        ]),
    };
    return { job, tools, end };
  }

  it('fails with TimeoutError when no result comes within the reply window, and stops the function', async () => {
    process.env.PIPEWRIGHT_TEST_SERVER_SECRET = 'server-only';
    writeFunction('hangs', { 'index.mjs': hanging, 'function.json': JSON.stringify({ Environment: { Variables: { STAGE: 'beta', PID_FILE: pidFile } } }) });
    const { job, tools } = lambdaJob('hangs');
    const running = new LambdaProvider({ killGraceMs: 500 }).run(job, tools, new AbortController().signal);
    // Once the function has started and said who it is, AWS's reply window of 20 minutes passes (the
    // clock moved ahead, not waited for).
    await eventually(async () => ((await kit.output(job)).some((line) => line.startsWith('{')) ? true : undefined), 'the function to start');
    kit.clock.advance(20 * 60_000);
    const outcome = await running;
    delete process.env.PIPEWRIGHT_TEST_SERVER_SECRET;
    expect(outcome).toEqual({
      status: 'Failed',
      failureType: 'TimeoutError',
      message: 'The function hangs sent no result (PutJobSuccessResult or PutJobFailureResult) within 1200 seconds.',
    });
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(false);

    const output = await kit.output(job);
    const said = JSON.parse(output.find((line) => line.startsWith('{'))!) as { job: string; keys: string[]; functionName: string; arn: string; remaining: number; env: Record<string, string> };
    expect(said).toMatchObject({
      job: job.jobId,
      // A function's event has no actionTypeId and no pipelineContext, as AWS's has not.
      keys: ['actionConfiguration', 'artifactCredentials', 'inputArtifacts', 'outputArtifacts'],
      functionName: 'hangs',
      arn: 'arn:aws:lambda:eu-west-1:123456789012:function:hangs',
      env: { region: 'eu-west-1', codepipeline: 'http://127.0.0.1:1', s3: 'http://127.0.0.1:1/s3', stage: 'beta', leaked: 'none' },
    });
    expect(said.env.key).toMatch(/^ASIA[0-9A-F]{16}$/);
    expect(said.env.home?.startsWith(join(kit.dataDir, 'work', job.jobId))).toBe(true);
    expect(said.remaining).toBeGreaterThan(800_000);
  });

  it('stops the function when the action is abandoned', async () => {
    writeFunction('hangs', { 'index.mjs': hanging, 'function.json': JSON.stringify({ Environment: { Variables: { PID_FILE: pidFile } } }) });
    const { job, tools } = lambdaJob('hangs');
    const controller = new AbortController();
    const running = new LambdaProvider({ killGraceMs: 500 }).run(job, tools, controller.signal);
    const pid = await eventually(() => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined), 'the function to start');
    controller.abort('abandoned');
    expect(await running).toEqual({ status: 'Failed', failureType: 'JobFailed', message: 'The function was stopped: the action was stopped and abandoned.' });
    expect(alive(pid)).toBe(false);
  });

  it('answers ReportedThroughJobApi once the job ended, stopping a function that does not return', async () => {
    writeFunction('reports', {
      'lib/main.mjs': hanging.replace('export async function handler', 'export async function run'),
      'function.json': JSON.stringify({ Handler: 'lib/main.run', Environment: { Variables: { PID_FILE: pidFile } } }),
    });
    const { job, tools, end } = lambdaJob('reports');
    const running = new LambdaProvider({ exitGraceMs: 200, killGraceMs: 500 }).run(job, tools, new AbortController().signal);
    const pid = await eventually(() => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined), 'the function to start');
    end({ status: 'Succeeded', continued: false });
    expect(await running).toEqual({ status: 'ReportedThroughJobApi', end: { status: 'Succeeded', continued: false } });
    // Stopped, then reaped by the system a moment later on a busy machine.
    await eventually(() => (alive(pid) ? undefined : true), 'the function to be stopped', 5000);
    const lines = (await kit.lines(job)).map((line) => line.text);
    expect(lines).toContain('The function reported success.');
    expect(lines).toContain('The function had not returned 200 ms after reporting: it was stopped.');
  });

  it('refuses a function it cannot run with ConfigurationError', async () => {
    writeFunction('badconfig', { 'index.mjs': 'export const handler = async () => {};', 'function.json': '{"Timeout": 3600}' });
    writeFunction('nohandler', { 'main.mjs': 'export const handler = async () => {};' });
    const provider = new LambdaProvider();
    const run = async (name: string) => {
      const { job, tools } = lambdaJob(name);
      return provider.run(job, tools, new AbortController().signal);
    };
    expect(await run('badconfig')).toMatchObject({ status: 'Failed', failureType: 'ConfigurationError', message: expect.stringContaining('Timeout must be a whole number of seconds from 1 to 900') as unknown });
    expect(await run('nohandler')).toMatchObject({ status: 'Failed', failureType: 'ConfigurationError', message: expect.stringContaining('has no index.mjs, index.js or index.cjs') as unknown });
    expect(await run('not a name')).toMatchObject({ status: 'Failed', failureType: 'ConfigurationError', message: expect.stringContaining('names no function') as unknown });
  });
});
