import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, ListActionExecutionsCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFiles, git, initRepository, removeDir, tempDir } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { launchBrowser, pageWidth, shoot } from './browser-kit.js';

const timeout = 30_000;

/** The little of the DOM the page-side check below uses (the tests compile without the DOM's types). */
interface TextNode {
  nodeType: number;
  textContent: string | null;
}
interface RangeLike {
  selectNodeContents: (node: TextNode) => void;
  getClientRects: () => ArrayLike<{ top: number }>;
}

/**
 * The defects issue 21 found in the console, each checked in Chromium: pages at a phone's width
 * (390 px), names that wrap where a reader would break them, pages for what does not exist, one
 * wording per status and "Awaiting approval", a refused user name, what a stop-and-wait waits for,
 * and a hosted repository's page at its clone URL.
 */
describe('the console, issue 21 defects', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let work: string;
  let executionId: string;

  beforeAll(async () => {
    work = tempDir('console-defects');
    server = await startTestServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(timeout);
    const created = await fetch(`${server.url}/api/repos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'webapp' }) });
    expect(created.status).toBe(201);
    const local = await initRepository(join(work, 'webapp'));
    await commitFiles(local, { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo "first line of the build"\n      - echo "built"\n' }, 'Add the buildspec');
    await git(local, ['push', '--quiet', `${server.url}/git/webapp`, 'main']);
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('webapp', [
          { name: 'Source', actions: [codeCommitSource('webapp')] },
          { name: 'Build', actions: [codeBuild('UnitTestsAndBuild')] },
          { name: 'Release', actions: [{ name: 'Approve', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
        ]),
      }),
    );
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'webapp' }));
    executionId = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work !== undefined) removeDir(work);
  });

  it('shows a waiting approval as "Awaiting approval" on every page, and statuses one way', async () => {
    await page.goto(`${server.url}/pipelines/webapp`);
    await page.waitForSelector('[data-action="Approve"] [data-awaiting="approval"]');
    expect(await page.locator('[data-action="Approve"] .badge').textContent()).toBe('Awaiting approval');
    expect(await page.locator('.latest [data-awaiting="approval"]').textContent()).toBe('Awaiting approval');
    // Why it waits, in words: the approval nobody has answered yet.
    expect(await page.locator(`.why-waits [data-waits="${executionId}"]`).textContent()).toContain('waits for a person to approve or reject Release.Approve');
    await shoot(page, 'defects-pipeline-awaiting-1400');

    await page.goto(server.url);
    await page.waitForSelector('[data-pipeline="webapp"] [data-awaiting="approval"]');
    await page.goto(`${server.url}/pipelines/webapp/history`);
    await page.waitForSelector(`[data-execution="${executionId}"] [data-awaiting="approval"]`);
    await page.goto(`${server.url}/pipelines/webapp/executions/${executionId}`);
    await page.waitForSelector('.page-head [data-awaiting="approval"]');
    for (const path of ['/', '/pipelines/webapp', '/pipelines/webapp/history', `/pipelines/webapp/executions/${executionId}`]) {
      await page.goto(`${server.url}${path}`);
      await page.waitForSelector('.badge');
      // Only the words people read: never the API's "InProgress" beside "In progress".
      expect(await page.locator('main').innerText(), path).not.toMatch(/InProgress|NotRun/);
    }
  });

  it('filters the history by status, trigger and date, and shows where its paging is', async () => {
    await page.goto(`${server.url}/pipelines/webapp/history`);
    await page.waitForSelector(`[data-execution="${executionId}"]`);
    expect(await page.locator('[data-page-status]').textContent()).toBe('1–1 of 1 · page 1 of 1');
    await page.getByLabel('Status').selectOption('Succeeded');
    await page.waitForSelector('text=No execution among the 1 loaded matches these filters.');
    await page.getByLabel('Status').selectOption('AwaitingApproval');
    await page.waitForSelector(`[data-execution="${executionId}"]`);
    await page.getByLabel('Trigger').selectOption('StartPipelineExecution');
    await page.waitForSelector(`[data-execution="${executionId}"]`, { state: 'detached' });
    await page.getByLabel('Trigger').selectOption('CreatePipeline');
    await page.waitForSelector(`[data-execution="${executionId}"]`);
    await page.getByLabel('Started from').fill('2000-01-01');
    await page.getByLabel('Started until').fill('2000-01-02');
    await page.waitForSelector(`[data-execution="${executionId}"]`, { state: 'detached' });
    await page.click('text=Clear filters');
    await page.waitForSelector(`[data-execution="${executionId}"]`);
    await shoot(page, 'defects-history-1400');
  });

  it('fits every page in 390 px without a sideways scroll, and breaks names between words', async () => {
    const { actionExecutionDetails } = await server.client.send(new ListActionExecutionsCommand({ pipelineName: 'webapp' }));
    const buildRunId = actionExecutionDetails!.find((detail) => detail.actionName === 'UnitTestsAndBuild')!.actionExecutionId!;
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    phone.setDefaultTimeout(timeout);
    const pages: [string, string, string][] = [
      ['list', '/', '[data-pipeline="webapp"] .badge'],
      ['pipeline', '/pipelines/webapp', '[data-action="Approve"] .badge'],
      ['history', '/pipelines/webapp/history', `[data-execution="${executionId}"] .badge`],
      ['execution', `/pipelines/webapp/executions/${executionId}`, 'table.timeline [data-action="Approve"]'],
      ['definition', '/pipelines/webapp/definition', 'pre[aria-label="Definition"]'],
      ['repository', '/repos/webapp', '[data-branch="main"]'],
      ['log', `/logs/${buildRunId}`, '.live >> text=Complete'],
      ['editor', '/pipelines/webapp/edit', '[data-edit-action="UnitTestsAndBuild"]'],
      ['new-pipeline', '/new-pipeline', '[data-edit-stage="Source"]'],
    ];
    for (const [name, path, ready] of pages) {
      await phone.goto(`${server.url}${path}`);
      await phone.waitForSelector(ready);
      await shoot(phone, `defects-${name}-390`);
      expect(await pageWidth(phone), `${path} at 390 px`).toBeLessThanOrEqual(390);
    }

    // "UnitTestsAndBuild" may wrap between its words, never inside one ("UnitTestsAndBuil/d").
    for (const viewer of [phone, page]) {
      await viewer.goto(`${server.url}/pipelines/webapp`);
      await viewer.waitForSelector('[data-action="UnitTestsAndBuild"] h4');
      // Each text node between two <wbr> is one word; a word drawn on two lines was broken inside.
      const words = await viewer.locator('[data-action="UnitTestsAndBuild"] h4').evaluate((heading: { childNodes: ArrayLike<TextNode> }) => {
        const { document } = globalThis as unknown as { document: { createRange: () => RangeLike } };
        return Array.from(heading.childNodes)
          .filter((node) => node.nodeType === 3)
          .map((node) => {
            const range = document.createRange();
            range.selectNodeContents(node);
            return { word: node.textContent, lines: new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top))).size };
          });
      });
      expect(words.map((word) => word.word).join('')).toBe('UnitTestsAndBuild');
      for (const word of words) expect(word.lines, `"${word.word}" drawn on one line`).toBe(1);
    }
    await phone.close();
  });

  it('shows pages for what does not exist, with no live badge and no commands', async () => {
    await page.goto(`${server.url}/pipelines/nope`);
    await page.waitForSelector('[data-not-found] >> text=No such pipeline');
    expect(await page.locator('.live').count()).toBe(0);
    expect(await page.locator('button', { hasText: 'Release change' }).count()).toBe(0);
    await shoot(page, 'defects-pipeline-not-found-1400');
    for (const path of ['/pipelines/nope/history', '/pipelines/nope/definition', '/pipelines/nope/edit', '/pipelines/webapp/executions/00000000-0000-4000-8000-000000000000', '/repos/nope', '/no/such/page']) {
      await page.goto(`${server.url}${path}`);
      await page.waitForSelector('[data-not-found]');
      expect(await page.locator('.live').count(), path).toBe(0);
    }
    await page.goto(`${server.url}/logs/bogus`);
    await page.waitForSelector('[data-not-found] >> text=No such log');
    expect(await page.locator('body').innerText()).not.toContain('Following');
    await shoot(page, 'defects-log-not-found-1400');
  });

  it('refuses an invalid "Acting as" name where it is typed, and keeps the last valid one', async () => {
    await page.goto(server.url);
    await page.getByLabel('User name').fill('ada');
    await page.getByLabel('User name').fill('not a name!');
    await page.waitForSelector('[role="alert"] >> text=Not a valid name');
    expect(await page.getByLabel('User name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#user-refused').textContent()).toContain('still acting as ada');
    await shoot(page, 'defects-user-refused-1400');
    await page.getByLabel('User name').fill('ada');
    await page.waitForSelector('#user-refused', { state: 'detached' });
  });

  it('shows the first line of a log whole', async () => {
    await page.goto(`${server.url}/pipelines/webapp`);
    await page.click('[data-action="UnitTestsAndBuild"] >> text=Logs');
    await page.waitForSelector('.live >> text=Complete');
    const first = page.locator('.log-line').first();
    expect(await first.getAttribute('data-line')).toBe('1');
    const [line, log] = await Promise.all([first.boundingBox(), page.locator('.log').boundingBox()]);
    expect(line!.y).toBeGreaterThanOrEqual(log!.y);
    expect(line!.x).toBeGreaterThanOrEqual(log!.x);
    await shoot(page, 'defects-log-1400');
  });

  it('says what a stop-and-wait waits for when an approval is pending', async () => {
    await page.goto(`${server.url}/pipelines/webapp`);
    await page.waitForSelector('[data-action="Approve"] [data-awaiting="approval"]');
    await page.click('text=Stop execution');
    const dialog = page.locator('dialog[open]');
    expect(await dialog.locator('.note').textContent()).toContain('Release.Approve');
    await dialog.getByLabel(/Stop and wait/).check();
    await shoot(page, 'defects-stop-dialog-1400');
    await dialog.getByRole('button', { name: 'Stop' }).click();
    await page.waitForSelector('.stopping-note >> text=Release.Approve');
    await shoot(page, 'defects-stopping-1400');
    // Abandoning ends it at once.
    await page.click('text=Stop execution');
    await page.locator('dialog[open]').getByLabel(/Stop and abandon/).check();
    await page.locator('dialog[open]').getByRole('button', { name: 'Stop' }).click();
    expect((await waitForExecution(server.client, 'webapp', executionId)).status).toBe('Stopped');
  });

  it('shows a repository page at its clone URL in a browser, while git still clones from it', async () => {
    await page.goto(`${server.url}/git/webapp`);
    await page.waitForSelector('[data-branch="main"]');
    expect(new URL(page.url()).pathname).toBe('/repos/webapp');
    expect(await page.getByLabel('Clone command').inputValue()).toBe(`git clone ${server.url}/git/webapp`);
    expect(await page.locator('[data-commit]').first().textContent()).toContain('Add the buildspec');
    await shoot(page, 'defects-repository-1400');
    // git asks for /info/refs without text/html, and gets git's answer.
    const clone = join(work, 'clone');
    // Not execFileSync: the server answers in this process, whose event loop must keep running.
    await git(work, ['clone', '--quiet', `${server.url}/git/webapp`, clone]);
    expect(existsSync(join(clone, 'buildspec.yml'))).toBe(true);
    const plain = await fetch(`${server.url}/git/webapp`, { redirect: 'manual' });
    expect(plain.status).toBe(404);
  });
});
