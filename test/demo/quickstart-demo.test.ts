import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetPipelineCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  PutApprovalResultCommand,
  type StageState,
} from '@aws-sdk/client-codepipeline';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../git/git-kit.js';
import { stage, waitForExecution, waitForState } from '../kit/pipelines.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../kit/server-process.js';

interface ReportsAnswer {
  reports: { stageName: string; actionName: string; reports: { reportGroup: string; format: string; totals: { total: number; passed: number; failed: number } }[] }[];
}

/**
 * `npm start` on an empty data directory, as a new user runs it: the real `server` command in its own
 * process sets up the demo and runs it to the approval; approving deploys the page, which lands in the
 * data directory and in the browser. A restart does not seed again; `--no-demo` creates nothing.
 */
describe('the quickstart demo', () => {
  const dataDirs: string[] = [];
  const servers: ServerProcess[] = [];
  afterAll(() => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  function emptyDataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-demo-test-'));
    dataDirs.push(dir);
    return join(dir, 'data');
  }

  async function start(dataDir: string, options: { demo: boolean }): Promise<ServerProcess> {
    const server = await startServerProcess(dataDir, {}, options);
    servers.push(server);
    return server;
  }

  async function stop(server: ServerProcess): Promise<void> {
    expect((await stopServerProcess(server)).code).toBe(0);
  }

  const approvalWaits = (stages: StageState[]): boolean => stage(stages, 'Approve').actionStates?.[0]?.latestExecution?.status === 'InProgress';

  const dataDir = emptyDataDir();
  let server: ServerProcess;
  let executionId: string;

  it('sets up the sample app and its pipeline and runs it to the approval, with a JUnit test report, well within a minute', async () => {
    const startedAt = Date.now();
    server = await start(dataDir, { demo: true });
    await eventually(() => server.printed.some((line) => line.includes("Demo pipeline 'demo' is running")), 'the demo to say it runs', 30_000);
    expect(server.printed).toContain(`Demo pipeline 'demo' is running: open ${server.url}/pipelines/demo`);

    const stages = await waitForState(server.client, 'demo', approvalWaits, 'the demo to wait for approval', 50_000);
    const secondsToApproval = (Date.now() - startedAt) / 1000;
    expect(secondsToApproval).toBeLessThan(60);
    console.info(`quickstart demo: ${secondsToApproval.toFixed(1)} s from the server command to the approval`);
    expect(stages.map((state) => state.stageName)).toEqual(['Source', 'Build', 'Approve', 'Deploy']);
    expect(stage(stages, 'Build').latestExecution?.status).toBe('Succeeded');
    executionId = stage(stages, 'Approve').latestExecution!.pipelineExecutionId!;

    // The source is a real commit by the demo, in a repository served at /git/demo-app.
    const author = execFileSync('git', ['--git-dir', join(dataDir, 'repos', 'demo-app'), 'log', '-1', '--format=%an <%ae>', 'main'], { encoding: 'utf8' }).trim();
    expect(author).toBe('Pipewright demo <demo@pipewright.invalid>');
    const { pipeline } = await server.client.send(new GetPipelineCommand({ name: 'demo' }));
    expect(pipeline?.stages?.[1]?.actions?.[0]?.actionTypeId).toMatchObject({ category: 'Build', provider: 'CodeBuild' });
    expect(pipeline?.stages?.[2]?.actions?.[0]?.configuration?.ExternalEntityLink).toBe(`${server.url}/pipelines/demo/executions/#{codepipeline.PipelineExecutionId}`);

    // The review dialog links to this execution's page, where the test report is: the link as the run resolved it.
    const { actionExecutionDetails } = await server.client.send(new ListActionExecutionsCommand({ pipelineName: 'demo', filter: { pipelineExecutionId: executionId } }));
    const approval = actionExecutionDetails?.find((detail) => detail.stageName === 'Approve');
    expect(approval?.input?.resolvedConfiguration?.ExternalEntityLink).toBe(`${server.url}/pipelines/demo/executions/${executionId}`);

    const response = await fetch(`${server.url}/api/executions/demo/${executionId}/reports`);
    expect(response.status).toBe(200);
    const { reports } = (await response.json()) as ReportsAnswer;
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ stageName: 'Build', actionName: 'UnitTestsAndBuild' });
    expect(reports[0]!.reports).toEqual([expect.objectContaining({ reportGroup: 'unit-tests', format: 'JUNITXML', totals: expect.objectContaining({ total: 4, passed: 4, failed: 0 }) as unknown })]);

    await eventually(() => server.printed.some((line) => line.includes('waits for your approval')), 'the demo to say the approval waits');
  });

  it('deploys the page once approved, into the data directory and to the browser at /sites/demo-site/', async () => {
    const stages = await waitForState(server.client, 'demo', approvalWaits, 'the approval');
    const token = stage(stages, 'Approve').actionStates![0]!.latestExecution!.token!;
    await server.client.send(
      new PutApprovalResultCommand({ pipelineName: 'demo', stageName: 'Approve', actionName: 'Approve', token, result: { status: 'Approved', summary: 'Looks good' } }),
    );
    expect((await waitForExecution(server.client, 'demo', executionId)).status).toBe('Succeeded');

    const commit = execFileSync('git', ['--git-dir', join(dataDir, 'repos', 'demo-app'), 'rev-parse', '--short=7', 'main'], { encoding: 'utf8' }).trim();
    const deployed = readFileSync(join(dataDir, 'buckets', 'demo-site', 'index.html'));
    expect(deployed.toString('utf8')).toContain('<h1>Hello, Pipewright!</h1>');
    expect(deployed.toString('utf8')).toContain(`commit <code>${commit}</code>`);

    const page = await fetch(`${server.url}/sites/demo-site/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(Buffer.from(await page.arrayBuffer()).equals(deployed)).toBe(true);
    await eventually(() => server.printed.includes(`The demo is deployed: open ${server.url}/sites/demo-site/ (the files are in ${dataDir}/buckets/demo-site/).`), 'the demo to say where it deployed');
  });

  it('is not set up again when the server restarts on the same data directory', async () => {
    await stop(server);
    const again = await start(dataDir, { demo: true });
    expect(again.logs.some((record) => record.msg === 'the data directory is in use: no demo')).toBe(true);
    const { pipelines } = await again.client.send(new ListPipelinesCommand({}));
    expect(pipelines?.map((pipeline) => pipeline.name)).toEqual(['demo']);
    const { pipelineExecutionSummaries } = await again.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'demo' }));
    expect(pipelineExecutionSummaries?.map((summary) => summary.pipelineExecutionId)).toEqual([executionId]);
    expect(again.printed.filter((line) => line.includes('Demo pipeline'))).toEqual([]);
    await stop(again);
  });

  it('creates nothing with --no-demo', async () => {
    const empty = emptyDataDir();
    const plain = await start(empty, { demo: false });
    const { pipelines } = await plain.client.send(new ListPipelinesCommand({}));
    expect(pipelines ?? []).toEqual([]);
    const repos = join(empty, 'repos');
    expect(existsSync(repos) ? readdirSync(repos) : []).toEqual([]);
    expect(plain.printed).toEqual([]);
    await stop(plain);
    // And a later start with the demo on still finds the data directory in use (its store exists).
    const later = await start(empty, { demo: true });
    expect(later.logs.some((record) => record.msg === 'the data directory is in use: no demo')).toBe(true);
    await stop(later);
  });
});
