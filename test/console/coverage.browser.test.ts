import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { launchBrowser, pageWidth, shoot } from './browser-kit.js';

const timeout = 30_000;

/** Cobertura 2.1.1's own report: 24 of 36 lines (66.67 %) and 1 of 4 branches (25.00 %) in 7 files. */
const cobertura = readFileSync(join(import.meta.dirname, '..', 'providers', 'codebuild', 'fixtures', 'coverage', 'cobertura-2.1.1.xml'), 'utf8');

// The coverage file is in the repository, so the build (sandboxed) finds it in its workspace.
const buildspec = [
  'version: 0.2',
  'phases:',
  '  build:',
  '    commands:',
  '      - mkdir -p reports',
  '      - cp fixtures/cobertura.xml reports/coverage.xml',
  `      - printf '%s' '<testsuite name="unit" tests="1"><testcase classname="app" name="adds" time="0.01"/></testsuite>' > reports/junit.xml`,
  'reports:',
  '  unit:',
  '    files: ["junit.xml"]',
  '    base-directory: reports',
  '    file-format: JUNITXML',
  '  coverage:',
  '    files: ["coverage.xml"]',
  '    base-directory: reports',
  '    file-format: COBERTURAXML',
  '',
].join('\n');

/** Coverage reports on the execution page, beside the test reports: line and branch rates and each file's. */
describe('coverage reports in the console', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let executionId: string;

  beforeAll(async () => {
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'covered', { 'buildspec.yml': buildspec, 'fixtures/cobertura.xml': cobertura });
    await server.client.send(
      new CreatePipelineCommand({ pipeline: declaration('covered', [{ name: 'Source', actions: [codeCommitSource('covered')] }, { name: 'Build', actions: [codeBuild('Test')] }]) }),
    );
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'covered' }));
    executionId = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    const done = await waitForExecution(server.client, 'covered', executionId);
    expect(done.status, done.statusSummary).toBe('Succeeded');
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(timeout);
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the coverage report beside the test report, with line and branch rates and a table of files', async () => {
    await page.goto(`${server.url}/pipelines/covered/executions/${executionId}`);
    const coverage = page.locator('[data-coverage="Test"] .report');
    await coverage.waitFor();
    expect(await coverage.locator('h3').textContent()).toContain('coverage');
    expect(await coverage.locator('h3').textContent()).toContain('COBERTURAXML');
    // 24 of 36 lines, 1 of 4 branches: the fixture's totals.
    expect(await coverage.locator('[data-rate="lines"]').textContent()).toBe('66.67% lines 24/36');
    expect(await coverage.locator('[data-rate="branches"]').textContent()).toBe('25.00% branches 1/4');
    // The test report is still there, beside it.
    expect(await page.locator('[data-reports="Test"] .totals').textContent()).toContain('1 passed');

    const files = coverage.locator('details');
    expect(await files.locator('summary').textContent()).toBe('7 files');
    expect(await files.locator('table').isVisible()).toBe(false);
    await files.locator('summary').click();
    const rows = files.locator('tbody tr');
    expect(await rows.count()).toBe(7);
    const abstractClass = rows.filter({ has: page.locator('td.file-path', { hasText: /^test\/AbstractClass\.java$/ }) });
    expect(await abstractClass.locator('td').nth(1).textContent()).toBe('100.00% 3/3');
    await shoot(page, 'coverage-execution');
  });

  it('fits the coverage reports, files open, in 390 px without a sideways scroll', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    phone.setDefaultTimeout(timeout);
    await phone.goto(`${server.url}/pipelines/covered/executions/${executionId}`);
    const coverage = phone.locator('[data-coverage="Test"] .report');
    await coverage.waitFor();
    await coverage.locator('summary').click();
    await coverage.locator('tbody tr').first().waitFor();
    await shoot(phone, 'coverage-execution-390');
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    await phone.close();
  });
});
