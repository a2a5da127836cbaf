import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { launchBrowser, pageWidth, shoot } from './browser-kit.js';

const timeout = 30_000;

interface StoredRule {
  id: string;
  name: string;
  eventPattern: { 'detail-type'?: string[]; detail?: { pipeline?: string[]; state?: string[] } };
  target: { url: string; headers?: Record<string, string> };
}

/** Notification rules made, changed and removed in the console, as the server stores them. */
describe('notification rules in the console', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // The targets are loopback URLs, which the server refuses unless allowed (SSRF guard).
    server = await startTestServer({ configure: (config) => void (config.allowPrivateNotificationTargets = true) });
    await hostedRepository(server.dataDir, 'told', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - "true"\n' });
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration('told', [{ name: 'Source', actions: [codeCommitSource('told')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(timeout);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const stored = async (): Promise<StoredRule[]> => ((await (await fetch(`${server.url}/api/notification-rules`)).json()) as { rules: StoredRule[] }).rules;

  it('creates, edits and deletes a rule', async () => {
    await page.goto(`${server.url}/pipelines/told`);
    await page.click('.tabs >> text=Triggers & tags');
    await page.getByRole('button', { name: 'Add notification rule' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Rule name').fill('told-releases');
    await dialog.getByLabel('SUCCEEDED').check();
    await dialog.getByLabel('Target URL').fill('http://127.0.0.1:9/first');
    // A line that is not a header is refused in the dialog, and nothing is created.
    await dialog.getByLabel('Headers').fill('no colon here');
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').textContent()).toContain('is not a header');
    expect(await stored()).toEqual([]);
    await dialog.getByLabel('Headers').fill('x-team: ops');
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    await page.locator('[data-rule="told-releases"]').waitFor();
    expect(await page.locator('[data-rule="told-releases"] [data-rule-events]').textContent()).toBe('pipeline execution: SUCCEEDED');
    const [created] = await stored();
    expect(created).toMatchObject({
      name: 'told-releases',
      eventPattern: { 'detail-type': ['CodePipeline Pipeline Execution State Change'], detail: { pipeline: ['told'], state: ['SUCCEEDED'] } },
      target: { url: 'http://127.0.0.1:9/first', headers: { 'x-team': '****' } },
    });
    await shoot(page, 'notifications-1400');

    // Edit: another state and URL; the header, never shown, is kept.
    await page.getByRole('button', { name: 'Edit told-releases' }).click();
    expect(await dialog.getByLabel('Target URL').inputValue()).toBe('http://127.0.0.1:9/first');
    expect(await dialog.getByLabel('SUCCEEDED').isChecked()).toBe(true);
    expect(await dialog.getByLabel('Headers').getAttribute('placeholder')).toContain('x-team');
    await dialog.getByLabel('FAILED').check();
    await dialog.getByLabel('Stage executions').check();
    await dialog.getByLabel('Target URL').fill('http://127.0.0.1:9/second');
    await dialog.getByRole('button', { name: 'Save rule' }).click();
    await page.locator('[data-rule="told-releases"] >> text=http://127.0.0.1:9/second').waitFor();
    const [edited] = await stored();
    expect(edited).toMatchObject({
      id: created!.id,
      eventPattern: { 'detail-type': ['CodePipeline Pipeline Execution State Change', 'CodePipeline Stage Execution State Change'], detail: { pipeline: ['told'], state: ['SUCCEEDED', 'FAILED'] } },
      target: { url: 'http://127.0.0.1:9/second', headers: { 'x-team': '****' } },
    });

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(page.url());
    await phone.locator('[data-rule="told-releases"]').waitFor();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    await shoot(phone, 'notifications-390');
    await phone.close();

    await page.getByRole('button', { name: 'Delete told-releases' }).click();
    await dialog.getByRole('button', { name: 'Delete rule' }).click();
    await page.locator('[data-rule="told-releases"]').waitFor({ state: 'detached' });
    expect(await stored()).toEqual([]);
  });
});
