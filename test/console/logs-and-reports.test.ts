import { CreatePipelineCommand, ListActionExecutionsCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { SseReader } from './sse-reader.js';

interface LogPage {
  actionExecutionId: string;
  lines: { number: number; time: number; stream: string; text: string }[];
  complete: boolean;
}

const buildspec = [
  'version: 0.2',
  'phases:',
  '  build:',
  '    commands:',
  '      - echo "compiling the app"',
  '      - for i in $(seq 1 40); do echo "counting $i"; done',
  '      - echo "to stderr" >&2',
  '      - mkdir -p reports',
  `      - printf '%s' '<testsuite name="unit" tests="2" failures="1"><testcase classname="app" name="adds" time="0.01"/><testcase classname="app" name="subtracts" time="0.02"><failure message="expected 1">boom</failure></testcase></testsuite>' > reports/junit.xml`,
  'reports:',
  '  unit:',
  '    files: ["junit.xml"]',
  '    base-directory: reports',
  '    file-format: JUNITXML',
  '',
].join('\n');

/** The console's data routes for builds: the log (paged and followed) and the test reports. */
describe('logs and test reports over /api', () => {
  let server: TestServer;
  let executionId: string;
  let buildRun: string;
  let sourceRun: string;
  beforeAll(async () => {
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'reported', { 'buildspec.yml': buildspec });
    await server.client.send(
      new CreatePipelineCommand({ pipeline: declaration('reported', [{ name: 'Source', actions: [codeCommitSource('reported')] }, { name: 'Build', actions: [codeBuild('Test')] }]) }),
    );
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'reported' }));
    executionId = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    const done = await waitForExecution(server.client, 'reported', executionId);
    expect(done.status, done.statusSummary).toBe('Succeeded');
    const { actionExecutionDetails } = await server.client.send(new ListActionExecutionsCommand({ pipelineName: 'reported', filter: { pipelineExecutionId: executionId } }));
    buildRun = actionExecutionDetails!.find((detail) => detail.actionName === 'Test')!.actionExecutionId!;
    sourceRun = actionExecutionDetails!.find((detail) => detail.actionName === 'Checkout')!.actionExecutionId!;
  });
  afterAll(async () => {
    await server.close();
  });

  it('pages through a build log by line number', async () => {
    const whole = (await (await fetch(`${server.url}/api/logs/${buildRun}?limit=5000`)).json()) as LogPage;
    expect(whole.complete).toBe(true);
    expect(whole.actionExecutionId).toBe(buildRun);
    expect(whole.lines.map((line) => line.number)).toEqual(whole.lines.map((_, index) => index + 1));
    const texts = whole.lines.map((line) => line.text);
    expect(texts).toContain('compiling the app');
    expect(texts).toContain('counting 40');
    expect(whole.lines.find((line) => line.text === 'to stderr')?.stream).toBe('stderr');

    const counting = whole.lines.find((line) => line.text === 'counting 10')!;
    const page = (await (await fetch(`${server.url}/api/logs/${buildRun}?afterLine=${counting.number}&limit=3`)).json()) as LogPage;
    expect(page.lines.map((line) => line.text)).toEqual(['counting 11', 'counting 12', 'counting 13']);
    expect(page.complete).toBe(false);
  });

  it('follows a log as Server-Sent Events until it is complete, resuming after Last-Event-ID', async () => {
    const reader = await SseReader.open(`${server.url}/api/logs/${buildRun}/follow`);
    const events = await reader.collect((event) => event.event === 'end');
    reader.close();
    const lines = events.filter((event) => event.event === 'line');
    expect(lines.length).toBeGreaterThan(40);
    expect(lines.map((event) => Number(event.id))).toEqual(lines.map((_, index) => index + 1));
    expect(lines.map((event) => (JSON.parse(event.data) as { text: string }).text)).toContain('counting 40');
    expect(JSON.parse(events.at(-1)!.data)).toEqual({ actionExecutionId: buildRun, lines: lines.length });

    const resumed = await SseReader.open(`${server.url}/api/logs/${buildRun}/follow`, { 'last-event-id': String(lines.length - 2) });
    const rest = await resumed.collect((event) => event.event === 'end');
    resumed.close();
    expect(rest.map((event) => event.id ?? event.event)).toEqual([String(lines.length - 1), String(lines.length), 'end']);
  });

  it('refuses an action execution that does not exist', async () => {
    for (const path of ['/api/logs/no-such-run', '/api/logs/no-such-run/follow']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ __type: 'ActionExecutionNotFoundException' });
    }
    const badLimit = await fetch(`${server.url}/api/logs/${buildRun}?limit=0`);
    expect(await badLimit.json()).toMatchObject({ __type: 'ValidationException', message: expect.stringContaining('limit') as unknown });
  });

  it('lists the test reports of an execution, and only the actions that have some', async () => {
    const response = await fetch(`${server.url}/api/executions/reported/${executionId}/reports`);
    expect(response.status).toBe(200);
    const { reports } = (await response.json()) as {
      reports: { actionName: string; actionExecutionId: string; reports: { reportGroup: string; totals: Record<string, number>; testCases: { name: string; status: string; message?: string }[] }[] }[];
    };
    expect(reports.map((entry) => entry.actionExecutionId)).toEqual([buildRun]);
    expect(reports.map((entry) => entry.actionExecutionId)).not.toContain(sourceRun);
    const [unit] = reports[0]!.reports;
    expect(unit?.reportGroup).toBe('unit');
    expect(unit?.totals).toMatchObject({ total: 2, passed: 1, failed: 1 });
    expect(unit?.testCases.find((test) => test.status === 'FAILED')?.name).toContain('subtracts');

    const missing = await fetch(`${server.url}/api/executions/reported/00000000-0000-0000-0000-000000000000/reports`);
    expect(await missing.json()).toMatchObject({ __type: 'PipelineExecutionNotFoundException' });
  });
});
