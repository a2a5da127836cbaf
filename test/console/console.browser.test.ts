import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreatePipelineCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  UpdatePipelineCommand,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConsoleDir } from '../../src/api/http/console-routes.js';
import { commitFiles, git, initRepository, removeDir, tempDir } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, stage, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

const screenshots = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');
const timeout = 30_000;

/**
 * The console in a real browser (Debian's Chromium through playwright-core) against a real server with
 * real pipelines: a hosted git repository pushed over HTTP, CodeBuild builds writing logs and a JUnit
 * report, a manual approval. The page is never reloaded while it is expected to update.
 */
describe('the console in a browser', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let work: string;
  let gate: string;
  let fix: string;

  beforeAll(async () => {
    if (!existsSync(join(defaultConsoleDir, 'index.html'))) {
      // A developer who did not build the console: build it (CI's `npm test` has, through `npm run build`).
      execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: join(import.meta.dirname, '..', '..'), stdio: 'ignore' });
    }
    mkdirSync(screenshots, { recursive: true });
    work = tempDir('console');
    gate = join(work, 'gate');
    fix = join(work, 'fixed');
    // Its builds wait on and fail by host files (the gate, the fix) a sandboxed build cannot see: the
    // server runs them unsandboxed, on purpose (the sandbox's settings are the server's).
    server = await startTestServer({ env: { PIPEWRIGHT_BUILD_SANDBOX: 'off' } });
    browser = await chromium.launch({
      executablePath: execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(timeout);
    // Act as "ada": the console sends it as x-pipewright-user and the server records it.
    await page.goto(server.url);
    await page.getByLabel('User name').fill('ada');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work !== undefined) removeDir(work);
  });

  async function pushRepository(name: string, files: Record<string, string>): Promise<void> {
    const created = await fetch(`${server.url}/api/repos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    expect(created.status).toBe(201);
    const local = await initRepository(join(work, name));
    await commitFiles(local, files, 'first commit');
    await git(local, ['push', '--quiet', `${server.url}/git/${name}`, 'main']);
  }

  const action = (stageName: string, actionName: string): string => `[data-stage="${stageName}"] [data-action="${actionName}"]`;
  const waitForStatus = (stageName: string, actionName: string, status: string) =>
    page.waitForSelector(`${action(stageName, actionName)} [data-status="${status}"]`, { timeout });
  const shoot = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

  it('shows a pipeline run live, and approves it from the page', async () => {
    await server.store.createSecret({ name: 'deploy-token', secretString: 's3cr3t-deploy-token', versionId: 'v1', now: Date.now() });
    await pushRepository('webapp', {
      'index.html': '<h1>hello</h1>\n',
      'buildspec.yml': [
        'version: 0.2',
        'env:',
        '  secrets-manager:',
        '    TOKEN: deploy-token',
        'phases:',
        '  build:',
        '    commands:',
        '      - echo "compiling the app"',
        '      - echo "deploy token=$TOKEN"',
        '      - for i in $(seq 1 25); do echo "counting $i"; done',
        `      - while [ ! -f ${gate} ]; do sleep 0.05; done`,
        '      - mkdir -p reports',
        `      - printf '%s' '<testsuite name="unit" tests="2" failures="1"><testcase classname="web" name="renders" time="0.01"/><testcase classname="web" name="links" time="0.02"><failure message="dead link">/about is 404</failure></testcase></testsuite>' > reports/junit.xml`,
        'reports:',
        '  unit:',
        '    files: ["junit.xml"]',
        '    base-directory: reports',
        '    file-format: JUNITXML',
        '',
      ].join('\n'),
    });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('console-demo', [
          { name: 'Source', actions: [codeCommitSource('webapp')] },
          { name: 'Build', actions: [codeBuild('Build')] },
          {
            name: 'Release',
            actions: [{ name: 'Approve', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' }, configuration: { CustomData: 'Check the preview first' } }],
          },
        ]),
      }),
    );

    await page.goto(server.url);
    await page.waitForSelector('[data-pipeline="console-demo"] [data-status="InProgress"]');
    await shoot('pipelines-list');
    await page.click('text=console-demo');
    await waitForStatus('Build', 'Build', 'InProgress');
    // A mark on the page's global object: a reload would wipe it.
    await page.evaluate(() => {
      (globalThis as Record<string, unknown>).notReloaded = true;
    });
    await shoot('pipeline-running');

    // The running build's log, followed live in a second tab.
    const logHref = await page.locator(`${action('Build', 'Build')} >> text=Logs`).getAttribute('href');
    const logPage = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await logPage.goto(`${server.url}${logHref!}`);
    await logPage.waitForSelector('.log-line >> text=counting 25', { timeout });
    expect(await logPage.locator('.live').textContent()).toContain('Following');
    await logPage.screenshot({ path: join(screenshots, 'build-log-live.png') });

    // The build waits for the gate: opening it moves the pipeline on, and the page follows by itself.
    writeFileSync(gate, '');
    await logPage.waitForSelector('.live >> text=Complete', { timeout });
    await logPage.close();
    await waitForStatus('Build', 'Build', 'Succeeded');
    await waitForStatus('Release', 'Approve', 'InProgress');
    expect(await page.evaluate(() => (globalThis as Record<string, unknown>).notReloaded)).toBe(true);
    await shoot('pipeline-waiting-for-approval');

    await page.click(`${action('Release', 'Approve')} >> text=Review`);
    const dialog = page.locator('dialog[open]');
    expect(await dialog.locator('.custom-data').textContent()).toBe('Check the preview first');
    await dialog.getByLabel('Approve').check();
    await dialog.getByLabel('Comment').fill('Preview looks right');
    await shoot('approval-dialog');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await waitForStatus('Release', 'Approve', 'Succeeded');
    expect(await page.locator(action('Release', 'Approve')).textContent()).toContain('by ada');

    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'console-demo' }));
    const done = await waitForExecution(server.client, 'console-demo', pipelineExecutionSummaries![0]!.pipelineExecutionId!);
    expect(done.status).toBe('Succeeded');
    const { stageStates } = await server.client.send(new GetPipelineStateCommand({ name: 'console-demo' }));
    const approval = stage(stageStates!, 'Release').actionStates![0]!.latestExecution!;
    expect(approval.summary).toBe('Preview looks right');
    expect(approval.lastUpdatedBy).toMatch(/user\/ada$/);
    await shoot('pipeline-succeeded');
  });

  it('reads a build log, and searches it', async () => {
    await page.goto(`${server.url}/pipelines/console-demo`);
    await page.click(`${action('Build', 'Build')} >> text=Logs`);
    await page.waitForSelector('.log-line >> text=compiling the app');
    await page.waitForSelector('.live >> text=Complete');
    expect(await page.locator('.log-line', { hasText: 'counting 25' }).count()).toBe(1);
    // The secret the build read was masked when the log was written.
    expect(await page.locator('.log-line', { hasText: 'deploy token=***' }).count()).toBe(1);
    expect(await page.locator('.log').textContent()).not.toContain('s3cr3t-deploy-token');
    await page.getByLabel('Search the log').fill('counting 2');
    // "counting 2" and "counting 20" … "counting 25".
    await page.waitForSelector('text=/^7 of \\d+ lines match/');
    expect(await page.locator('.log-line').count()).toBe(7);
    expect(await page.locator('.log-line mark').first().textContent()).toBe('counting 2');
    await shoot('build-log');
  });

  it('shows an execution: its timeline, variables, artifacts and test report; and the history', async () => {
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'console-demo' }));
    const executionId = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    await page.goto(`${server.url}/pipelines/console-demo/history`);
    await page.click(`[data-execution="${executionId}"] >> a >> nth=0`);
    await page.waitForSelector('table.timeline [data-action="Approve"]');
    for (const name of ['Checkout', 'Build', 'Approve']) expect(await page.locator(`table.timeline [data-action="${name}"] [data-status="Succeeded"]`).count()).toBe(1);
    expect(await page.locator('text=#{SourceVariables.CommitId}').count()).toBe(1);
    const report = page.locator('[data-reports="Build"]');
    expect(await report.locator('.totals').textContent()).toContain('1 failed');
    expect(await report.textContent()).toContain('/about is 404');
    await shoot('execution');
    await page.goto(`${server.url}/pipelines/console-demo/history`);
    await page.waitForSelector(`[data-execution="${executionId}"] [data-status="Succeeded"]`);
    expect(await page.locator(`[data-execution="${executionId}"]`).textContent()).toContain('CreatePipeline');
    await shoot('history');
  });

  it('retries a failed stage from the page once the cause is fixed', async () => {
    await pushRepository('flaky', {
      'buildspec.yml': ['version: 0.2', 'phases:', '  build:', '    commands:', `      - test -f ${fix} || { echo "the fix is missing"; exit 3; }`, '      - echo "fixed now"', ''].join('\n'),
    });
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration('flaky', [{ name: 'Source', actions: [codeCommitSource('flaky')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }));
    await page.goto(`${server.url}/pipelines/flaky`);
    await waitForStatus('Build', 'Compile', 'Failed');
    await page.waitForSelector('[data-stage="Build"] >> text=Retry failed actions');
    await shoot('pipeline-failed');

    writeFileSync(fix, '');
    await page.click('[data-stage="Build"] >> text=Retry failed actions');
    await page.locator('dialog[open]').getByRole('button', { name: 'Retry' }).click();
    await waitForStatus('Build', 'Compile', 'Succeeded');
    expect(await page.locator('[data-stage="Build"]').textContent()).toContain('Retried 1×');
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'flaky' }));
    expect(pipelineExecutionSummaries).toHaveLength(1);
    expect((await waitForExecution(server.client, 'flaky', pipelineExecutionSummaries![0]!.pipelineExecutionId!)).status).toBe('Succeeded');
  });

  it('disables and enables a transition with a reason, shown with who did it', async () => {
    await page.goto(`${server.url}/pipelines/flaky`);
    await page.click('[data-stage="Build"] >> text=Disable transition');
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Reason').fill('Freeze for the release');
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await page.waitForSelector('[data-stage="Build"] .transition.disabled >> text=Freeze for the release');
    expect(await page.locator('[data-stage="Build"] .transition').textContent()).toContain('by ada');

    // Released while the transition is shut: the execution waits in front of Build, and the page says why.
    await page.click('text=Release change');
    await page.locator('dialog[open]').getByRole('button', { name: 'Release' }).click();
    await page.waitForSelector('[data-stage="Build"] .waiting >> text=Waiting: transition disabled');
    await shoot('transition-disabled');
    await page.click('[data-stage="Build"] >> text=Enable transition');
    await page.locator('dialog[open]').getByRole('button', { name: 'Enable' }).click();
    await page.waitForSelector('[data-stage="Build"] .waiting', { state: 'detached' });
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'flaky' }));
    expect((await waitForExecution(server.client, 'flaky', pipelineExecutionSummaries![0]!.pipelineExecutionId!)).status).toBe('Succeeded');
  });

  it('stops a running execution from the page, abandoning its build, with a reason', async () => {
    await pushRepository('slow', {
      'buildspec.yml': ['version: 0.2', 'phases:', '  build:', '    commands:', '      - echo "waiting for ever"', `      - while [ ! -f ${join(work, 'never')} ]; do sleep 0.05; done`, ''].join('\n'),
    });
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration('slow', [{ name: 'Source', actions: [codeCommitSource('slow')] }, { name: 'Build', actions: [codeBuild('Wait')] }]) }));

    // Found by searching the list.
    await page.goto(server.url);
    await page.getByLabel('Search pipelines').fill('slo');
    await page.waitForSelector('[data-pipeline="console-demo"]', { state: 'detached' });
    expect(await page.locator('[data-pipeline]').count()).toBe(1);
    await page.click('[data-pipeline="slow"] >> text=slow');
    await waitForStatus('Build', 'Wait', 'InProgress');

    await page.click('text=Stop execution');
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel(/Stop and abandon/).check();
    await dialog.getByLabel('Reason').fill('Wrong branch');
    await dialog.getByRole('button', { name: 'Stop' }).click();
    await waitForStatus('Build', 'Wait', 'Abandoned');
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'slow' }));
    const stopped = await waitForExecution(server.client, 'slow', pipelineExecutionSummaries![0]!.pipelineExecutionId!);
    expect(stopped.status).toBe('Stopped');
    await page.click('text=History');
    await page.waitForSelector('text=Stopped: Wrong branch');
    await shoot('history-stopped');
  });

  it('shows the definition as JSON and YAML, and the diff between two versions', async () => {
    const updated: PipelineDeclaration = declaration('flaky', [
      { name: 'Source', actions: [codeCommitSource('flaky')] },
      { name: 'Build', actions: [codeBuild('Compile', { configuration: { EnvironmentVariables: JSON.stringify([{ name: 'MODE', value: 'release', type: 'PLAINTEXT' }]) } })] },
    ]);
    await server.client.send(new UpdatePipelineCommand({ pipeline: updated }));
    await page.goto(`${server.url}/pipelines/flaky/definition`);
    await page.waitForSelector('pre[aria-label="Definition"]:has-text(\'"ProjectName": "Compile"\')');
    await page.click('button:has-text("YAML")');
    await page.waitForSelector('pre[aria-label="Definition"]:has-text("ProjectName: Compile")');
    await page.getByLabel('Compare with').selectOption('1');
    const added = page.locator('pre[aria-label="Diff"] .added');
    await added.first().waitFor();
    expect(await added.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('EnvironmentVariables')]));
    expect(await page.locator('pre[aria-label="Diff"] .removed').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('version: 1')]));
    await shoot('definition-diff');
  });
});
