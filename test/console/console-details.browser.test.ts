import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreatePipelineCommand,
  GetPipelineCommand,
  ListPipelineExecutionsCommand,
  PutWebhookCommand,
  RetryStageExecutionCommand,
  TagResourceCommand,
} from '@aws-sdk/client-codepipeline';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFiles, git, initRepository, removeDir, tempDir } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { launchBrowser, pageWidth, shoot } from './browser-kit.js';

const timeout = 30_000;

/**
 * The execution page as the place to see and answer everything of one execution: each action run's
 * configuration as it ran, artifacts, output variables, the approval answered there (with who and
 * what they said), and a retried action's attempts numbered.
 */
describe('action details on the execution page', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let work: string;

  beforeAll(async () => {
    work = tempDir('console-details');
    // The retried build reads a file the test creates on the host: it runs unsandboxed, on purpose.
    server = await startTestServer({ env: { PIPEWRIGHT_BUILD_SANDBOX: 'off' } });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(timeout);
    await page.goto(server.url);
    await page.getByLabel('User name').fill('grace');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work !== undefined) removeDir(work);
  });

  async function pushRepository(name: string, buildspec: string): Promise<void> {
    const created = await fetch(`${server.url}/api/repos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    expect(created.status).toBe(201);
    const local = await initRepository(join(work, name));
    await commitFiles(local, { 'buildspec.yml': buildspec }, `The ${name} build`);
    await git(local, ['push', '--quiet', `${server.url}/git/${name}`, 'main']);
  }

  const newestExecution = async (name: string): Promise<string> => {
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: name }));
    return pipelineExecutionSummaries![0]!.pipelineExecutionId!;
  };

  it('answers an approval on the execution page and shows every action run in detail', async () => {
    await pushRepository('shop', 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo "building the shop" > shop.txt\nartifacts:\n  files:\n    - shop.txt\n');
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('shop', [
          { name: 'Source', actions: [codeCommitSource('shop')] },
          { name: 'Build', actions: [codeBuild('Build', { outputs: ['Site'] })] },
          { name: 'Release', actions: [{ name: 'Approve', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' }, configuration: { CustomData: 'Look at #{SourceVariables.BranchName}' } }] },
        ]),
      }),
    );
    const executionId = await newestExecution('shop');
    await page.goto(`${server.url}/pipelines/shop/executions/${executionId}`);
    const approval = page.locator('[data-action-detail="Approve"]');
    await approval.locator('button:has-text("Review")').click();
    const dialog = page.locator('dialog[open]');
    // The reviewer reads the configuration as this run resolved it.
    expect(await dialog.locator('.custom-data').textContent()).toBe('Look at main');
    await dialog.getByLabel('Approve').check();
    await dialog.getByLabel('Comment').fill('Ship it');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await approval.locator('[data-status="Succeeded"]').waitFor();
    expect((await waitForExecution(server.client, 'shop', executionId)).status).toBe('Succeeded');
    await approval.locator('summary').click();
    await approval.locator('[data-approver]').waitFor();
    expect(await approval.locator('[data-approver]').textContent()).toBe('grace');
    expect(await approval.locator('[data-comment]').textContent()).toBe('Ship it');

    const build = page.locator('[data-action-detail="Build"]');
    await build.locator('summary').click();
    expect(await build.textContent()).toContain('ProjectName');
    expect(await build.locator('.artifacts').allTextContents()).toEqual([expect.stringContaining('Src'), expect.stringContaining('Site')]);
    // The artifact the build wrote, downloaded as a zip from its link.
    const href = await build.locator('[data-download="Site"]').getAttribute('href');
    const zip = await fetch(`${server.url}${href!}`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const bytes = Buffer.from(await zip.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.includes('shop.txt')).toBe(true);
    const missing = await fetch(`${server.url}${href!.replace(/Site$/, 'Nothing')}`);
    expect(((await missing.json()) as { __type: string }).__type).toMatch(/ResourceNotFoundException/);
    const source = page.locator('[data-action-detail="Checkout"]');
    await source.locator('summary').click();
    expect(await source.textContent()).toContain('CommitId');
    await shoot(page, 'details-execution-1400');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(page.url());
    await phone.locator('[data-action-detail="Build"]').waitFor();
    await phone.evaluate(() => {
      for (const details of (globalThis as unknown as { document: { querySelectorAll: (selector: string) => Iterable<{ open: boolean }> } }).document.querySelectorAll('details')) details.open = true;
    });
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    await shoot(phone, 'details-execution-390');
    await phone.close();
  });

  it('shows what starts and tags a pipeline: its webhooks and tags', async () => {
    const { metadata } = await server.client.send(new GetPipelineCommand({ name: 'shop' }));
    await server.client.send(new TagResourceCommand({ resourceArn: metadata!.pipelineArn!, tags: [{ key: 'team', value: 'storefront' }] }));
    await server.client.send(
      new PutWebhookCommand({
        webhook: {
          name: 'shop-push',
          targetPipeline: 'shop',
          targetAction: 'Checkout',
          filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/main' }],
          authentication: 'UNAUTHENTICATED',
          authenticationConfiguration: {},
        },
      }),
    );
    await page.goto(`${server.url}/pipelines/shop`);
    await page.click('.tabs >> text=Triggers & tags');
    await page.waitForSelector('[data-tag="team"] >> text=storefront');
    expect(await page.locator('[data-webhook="shop-push"]').textContent()).toContain('$.ref = refs/heads/main');
    await shoot(page, 'settings-1400');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(page.url());
    await phone.waitForSelector('[data-webhook="shop-push"]');
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    await shoot(phone, 'settings-390');
    await phone.close();
  });

  it('numbers the attempts of a retried action', async () => {
    const fix = join(work, 'fixed');
    await pushRepository('flaky', `version: 0.2\nphases:\n  build:\n    commands:\n      - test -f ${fix} || { echo "not yet"; exit 3; }\n`);
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration('flaky', [{ name: 'Source', actions: [codeCommitSource('flaky')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }));
    const executionId = await newestExecution('flaky');
    expect((await waitForExecution(server.client, 'flaky', executionId)).status).toBe('Failed');
    writeFileSync(fix, '');
    await server.client.send(new RetryStageExecutionCommand({ pipelineName: 'flaky', stageName: 'Build', pipelineExecutionId: executionId, retryMode: 'FAILED_ACTIONS' }));
    expect((await waitForExecution(server.client, 'flaky', executionId)).status).toBe('Succeeded');
    await page.goto(`${server.url}/pipelines/flaky/executions/${executionId}`);
    await page.locator('[data-action-detail="Compile"][data-attempt="2"]').waitFor();
    expect(await page.locator('[data-action-detail="Compile"][data-attempt="1"] .attempt').textContent()).toBe('attempt 1 of 2');
    expect(await page.locator('[data-action-detail="Compile"][data-attempt="1"] [data-status]').first().getAttribute('data-status')).toBe('Failed');
    expect(await page.locator('[data-action-detail="Compile"][data-attempt="2"] .attempt').textContent()).toBe('attempt 2 of 2');
    expect(await page.locator('table.timeline .attempt').allTextContents()).toEqual(['attempt 1', 'attempt 2']);
    await shoot(page, 'details-attempts-1400');
  });
});
