import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, stage, waitForExecution, waitForState } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { launchBrowser, pageWidth, shoot } from './browser-kit.js';

const timeout = 30_000;

/**
 * A build log as a person reads it: folded by CodeBuild phase (each phase's state and duration in its
 * heading), the failed command and phase marked, ANSI colours shown as colours, and following the end
 * without pulling a reader who scrolled up back down.
 */
describe('a build log in the console', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let work: string;
  let gate: string;

  beforeAll(async () => {
    work = tempDir('log-phases');
    gate = join(work, 'gate');
    // The build waits for a host file the test creates (the gate): it runs unsandboxed, on purpose.
    server = await startTestServer({ env: { PIPEWRIGHT_BUILD_SANDBOX: 'off' } });
    // Colours as tools print them: SGR 31 (red), 1;32 (bold green), reset 0 (ECMA-48 §8.3.117).
    const buildspec = [
      'version: 0.2',
      'phases:',
      '  install:',
      '    commands:',
      '      - echo installing',
      '  build:',
      '    commands:',
      `      - printf '\\033[31mred alert\\033[0m then plain\\n'`,
      `      - printf '\\033[1;32mbold green\\033[0m\\n'`,
      '      - for i in $(seq 1 150); do echo "before $i"; done',
      `      - while [ ! -f ${gate} ]; do sleep 0.05; done`,
      '      - for i in $(seq 1 40); do echo "after $i"; done',
      '  post_build:',
      '    commands:',
      '      - echo checking',
      '      - exit 3',
      '',
    ].join('\n');
    await hostedRepository(server.dataDir, 'logged', { 'buildspec.yml': buildspec });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(timeout);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work !== undefined) removeDir(work);
  });

  const phase = (name: string) => page.locator(`[data-phase="${name}"]`);

  it('folds phases, marks the failure, shows colours and follows the end without yanking a reader', async () => {
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration('logged', [{ name: 'Source', actions: [codeCommitSource('logged')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }));
    await waitForState(server.client, 'logged', (states) => stage(states, 'Build').actionStates?.[0]?.latestExecution?.status === 'InProgress', 'the build to start');
    await page.goto(`${server.url}/pipelines/logged`);
    await page.click('[data-action="Compile"] >> text=Logs');
    await page.locator('.log-line', { hasText: 'before 150' }).waitFor();

    // Phases: INSTALL done with its duration, BUILD still running.
    expect(await phase('INSTALL').getAttribute('data-phase-state')).toBe('SUCCEEDED');
    expect(await phase('INSTALL').locator('.phase-head').textContent()).toMatch(/INSTALLSucceeded\d+s\d+ lines/);
    expect(await phase('BUILD').getAttribute('data-phase-state')).toBe('RUNNING');
    expect(await phase('BUILD').locator('.phase-head [data-status]').getAttribute('data-status')).toBe('InProgress');
    // Colours: anser's red is rgb(187, 0, 0); bold green is bold. The escape codes themselves are gone.
    const red = phase('BUILD').locator('span.ansi', { hasText: 'red alert' });
    expect(await red.evaluate((element) => getComputedStyle(element).color)).toBe('rgb(187, 0, 0)');
    const green = phase('BUILD').locator('span.ansi', { hasText: 'bold green' });
    expect(await green.evaluate((element) => getComputedStyle(element).fontWeight)).toBe('700');
    expect(await page.locator('.log').textContent()).not.toContain('\u001b');
    expect(await page.locator('.log-line', { hasText: /^\d+.*red alert then plain$/ }).locator('.line-text').textContent()).toBe('red alert then plain');

    // The reader scrolls up: following stops, and new lines do not pull the log back down.
    const log = page.locator('.log');
    await log.evaluate((element) => element.scrollTo(0, 0));
    await page.getByLabel('Scroll with output').waitFor();
    await expect.poll(() => page.getByLabel('Scroll with output').isChecked()).toBe(false);
    writeFileSync(gate, '');
    const jump = page.locator('.jump-to-end');
    await jump.waitFor();
    await page.locator('.log-line', { hasText: 'after 40' }).waitFor({ state: 'attached' });
    expect(await log.evaluate((element) => element.scrollTop)).toBe(0);
    expect(await jump.textContent()).toMatch(/^↓ \d+ new lines: follow the end$/);
    await shoot(page, 'logs-phases-scrolled-up');
    await jump.click();
    await expect.poll(() => log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight)).toBeLessThan(8);
    expect(await page.getByLabel('Scroll with output').isChecked()).toBe(true);
    expect(await jump.count()).toBe(0);

    // The end: POST_BUILD failed, its failed command line marked; the log is complete.
    await page.locator('.live', { hasText: 'Complete' }).waitFor();
    expect(await phase('POST_BUILD').getAttribute('data-phase-state')).toBe('FAILED');
    expect(await phase('POST_BUILD').getAttribute('class')).toContain('failed');
    expect(await phase('POST_BUILD').locator('[data-failed="true"]').textContent()).toContain('Command did not exit successfully exit 3 exit status 3');
    expect(await phase('POST_BUILD').locator('.phase-head').textContent()).toContain('1 failed');
    expect(await phase('BUILD').getAttribute('data-phase-state')).toBe('SUCCEEDED');

    // Folding: BUILD's 190-odd lines go, its heading stays; unfolded, they are back.
    const buildHead = phase('BUILD').locator('.phase-head');
    await buildHead.click();
    expect(await buildHead.getAttribute('aria-expanded')).toBe('false');
    expect(await phase('BUILD').locator('.log-line').count()).toBe(0);
    expect(await phase('POST_BUILD').locator('.log-line', { hasText: 'checking' }).count()).toBe(2);
    await shoot(page, 'logs-phases-folded');
    await buildHead.click();
    expect(await phase('BUILD').locator('.log-line', { hasText: 'after 40' }).count()).toBe(1);
    expect(existsSync(gate)).toBe(true);

    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'logged' }));
    expect((await waitForExecution(server.client, 'logged', pipelineExecutionSummaries![0]!.pipelineExecutionId!)).status).toBe('Failed');

    // Download: the whole log as text, the colours' escape codes kept as the build wrote them.
    const download = page.getByRole('link', { name: 'Download' });
    const raw = await fetch(new URL((await download.getAttribute('href'))!, server.url));
    expect(raw.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(raw.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.log"$/);
    const text = await raw.text();
    expect(text).toContain('\u001b[31mred alert\u001b[0m then plain\n');
    expect(text.indexOf('before 150\n')).toBeLessThan(text.indexOf('after 1\n'));
    expect(text).toContain('after 40\n');
    const unknown = await fetch(`${server.url}/api/logs/no-such-action/raw`);
    expect(((await unknown.json()) as { __type: string }).__type).toBe('ActionExecutionNotFoundException');

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(page.url());
    await phone.locator('[data-phase="POST_BUILD"]').waitFor();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    await shoot(phone, 'logs-phases-390');
    await phone.close();
  });
});
