import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

const cobertura = readFileSync(join(import.meta.dirname, '..', 'providers', 'codebuild', 'fixtures', 'coverage', 'cobertura-2.1.1.xml'), 'utf8');

interface ReportsPage {
  reports: { actionName: string; reports: { reportGroup: string }[]; coverageReports: { reportGroup: string; format: string; summary: Record<string, number> }[] }[];
}

/** Coverage reports of a CodeCommit → CodeBuild pipeline, served beside its test reports by /api. */
describe('coverage reports over /api', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves a build’s coverage reports beside its test reports, with line and branch rates', async () => {
    const buildspec = [
      'version: 0.2',
      'phases:',
      '  build:',
      '    commands:',
      `      - printf '%s' '<testsuite name="s" tests="1"><testcase classname="c" name="t"/></testsuite>' > junit.xml`,
      'reports:',
      '  unit:',
      '    files: [junit.xml]',
      '  coverage:',
      '    files: [coverage/cobertura.xml]',
      '    file-format: COBERTURAXML',
      '',
    ].join('\n');
    await hostedRepository(server.dataDir, 'covered', { 'buildspec.yml': buildspec, 'coverage/cobertura.xml': cobertura });
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration('covered', [{ name: 'Source', actions: [codeCommitSource('covered')] }, { name: 'Build', actions: [codeBuild('Test')] }]) }));
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'covered' }));
    const executionId = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    const done = await waitForExecution(server.client, 'covered', executionId, { timeoutMs: 60_000 });
    expect(done.status, done.statusSummary).toBe('Succeeded');
    const page = (await (await fetch(`${server.url}/api/executions/covered/${executionId}/reports`)).json()) as ReportsPage;
    expect(page.reports).toHaveLength(1);
    const [run] = page.reports;
    expect(run!.reports.map((report) => report.reportGroup)).toEqual(['unit']);
    expect(run!.coverageReports).toMatchObject([
      {
        reportGroup: 'coverage',
        format: 'COBERTURAXML',
        // The file's own totals: lines-covered="24" lines-valid="36" branches-covered="1" branches-valid="4".
        summary: { lineCoveragePercentage: 66.67, linesCovered: 24, linesMissed: 12, branchCoveragePercentage: 25, branchesCovered: 1, branchesMissed: 3 },
      },
    ]);
  });
});
