import { join } from 'node:path';
import { GetPipelineCommand, GetPipelineExecutionCommand, ListActionExecutionsCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFiles, git, initRepository, removeDir, tempDir } from '../git/git-kit.js';
import { waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { launchBrowser, pageWidth, shoot } from './browser-kit.js';

const timeout = 30_000;

/**
 * A pipeline made in the console, as a new user would: created from the pipelines page (the server's
 * refusal shown on the action it names, and nothing created), run, edited (a variable the build
 * reads), released with another value of the variable, cloned and the clone deleted. Every save goes
 * through CreatePipeline / UpdatePipeline; the runs are real CodeBuild builds of a hosted repository.
 */
describe('the pipeline editor in a browser', { timeout: 240_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let work: string;
  let commit: string;

  beforeAll(async () => {
    work = tempDir('console-editor');
    server = await startTestServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(timeout);
    const created = await fetch(`${server.url}/api/repos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'made' }) });
    expect(created.status).toBe(201);
    const local = await initRepository(join(work, 'made'));
    commit = await commitFiles(local, { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo "greeting=$GREETING"\n' }, 'A build that greets');
    await git(local, ['push', '--quiet', `${server.url}/git/made`, 'main']);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work !== undefined) removeDir(work);
  });

  const newestExecution = async (name: string): Promise<string> => {
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: name }));
    return pipelineExecutionSummaries![0]!.pipelineExecutionId!;
  };
  const buildLog = async (name: string, executionId: string): Promise<string> => {
    const { actionExecutionDetails } = await server.client.send(new ListActionExecutionsCommand({ pipelineName: name, filter: { pipelineExecutionId: executionId } }));
    const build = actionExecutionDetails!.find((detail) => detail.actionName === 'Build')!;
    const log = (await (await fetch(`${server.url}/api/logs/${build.actionExecutionId!}`)).json()) as { lines: { text: string }[] };
    return log.lines.map((line) => line.text).join('\n');
  };

  it('creates a pipeline, showing the refusal on the action it names first, and runs it', async () => {
    await page.goto(server.url);
    await page.click('text=Create pipeline');
    await page.waitForSelector('[data-edit-stage="Source"]');
    await page.getByLabel('Pipeline name').fill('made-here');
    const source = page.locator('[data-edit-action="Source"]');
    await source.getByLabel(/^RepositoryName/).fill('made');
    // The type picker lists the server's action types, and each type's fields come from them.
    expect(await source.locator('select').first().locator('option').count()).toBeGreaterThan(10);
    await shoot(page, 'editor-new-1400');

    // The build's ProjectName is required and left empty: CreatePipeline refuses, and says so on that action.
    await page.click('text=Review and save');
    const dialog = page.locator('dialog[open]');
    expect(await dialog.locator('pre[aria-label="Diff"] .added').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('"name": "made-here"')]));
    await shoot(page, 'editor-diff-new-1400');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const refusal = page.locator('[data-edit-action="Build"] .field-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain("missing required configuration 'ProjectName'");
    await shoot(page, 'editor-refused-1400');
    await expect(server.client.send(new GetPipelineCommand({ name: 'made-here' }))).rejects.toThrow(/made-here/);

    await page.locator('[data-edit-action="Build"]').getByLabel(/^ProjectName/).fill('made-build');
    await page.click('text=Review and save');
    await page.locator('dialog[open]').getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(`${server.url}/pipelines/made-here`);
    // CreatePipeline starts the pipeline, as in AWS.
    await page.waitForSelector('[data-stage="Build"] [data-action="Build"] [data-status="Succeeded"]');
    expect((await waitForExecution(server.client, 'made-here', await newestExecution('made-here'))).status).toBe('Succeeded');
  });

  it('edits it (a variable the build reads), then releases it with another value of the variable', async () => {
    await page.goto(`${server.url}/pipelines/made-here`);
    await page.click('a:has-text("Edit")');
    await page.waitForSelector('[data-edit-action="Build"]');
    await page.click('text=Add variable');
    await page.getByLabel('Variable name', { exact: true }).fill('GREETING');
    await page.getByLabel('Default value', { exact: true }).fill('hello');
    await page
      .locator('[data-edit-action="Build"]')
      .getByLabel(/^EnvironmentVariables/)
      .fill(JSON.stringify([{ name: 'GREETING', value: '#{variables.GREETING}', type: 'PLAINTEXT' }]));
    // The same draft as text: the JSON tab shows the edit.
    await page.click('button:has-text("JSON")');
    expect(await page.getByLabel('Definition as JSON').inputValue()).toContain('"GREETING"');
    await page.click('button:has-text("Visual")');
    await page.click('text=Review and save');
    const dialog = page.locator('dialog[open]');
    expect(await dialog.locator('pre[aria-label="Diff"] .added').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('"defaultValue": "hello"')]));
    await shoot(page, 'editor-diff-edit-1400');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${server.url}/pipelines/made-here`);
    const { pipeline } = await server.client.send(new GetPipelineCommand({ name: 'made-here' }));
    expect(pipeline!.version).toBe(2);
    expect(pipeline!.variables).toEqual([{ name: 'GREETING', defaultValue: 'hello' }]);

    const before = await newestExecution('made-here');
    await page.click('text=Release change');
    const release = page.locator('dialog[open]');
    await release.getByLabel('Variable GREETING').fill('hi there');
    // A source revision picked by hand: StartPipelineExecution's sourceRevisions.
    await release.locator('input[name="revision:Source"]').fill(commit);
    await shoot(page, 'editor-release-1400');
    await release.getByRole('button', { name: 'Release' }).click();
    await page.waitForSelector('dialog[open]', { state: 'detached' });
    const after = await newestExecution('made-here');
    expect(after).not.toBe(before);
    expect((await waitForExecution(server.client, 'made-here', after)).status).toBe('Succeeded');
    expect(await buildLog('made-here', after)).toContain('greeting=hi there');
    const { pipelineExecution } = await server.client.send(new GetPipelineExecutionCommand({ pipelineName: 'made-here', pipelineExecutionId: after }));
    expect(pipelineExecution!.artifactRevisions![0]!.revisionId).toBe(commit);
  });

  it('clones a pipeline and deletes the clone', async () => {
    await page.goto(`${server.url}/pipelines/made-here`);
    await page.click('a:has-text("Clone")');
    await page.waitForSelector('[data-edit-action="Build"]');
    expect(await page.getByLabel('Pipeline name').inputValue()).toBe('made-here-copy');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(page.url());
    await phone.waitForSelector('[data-edit-action="Build"]');
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    await phone.close();
    await page.click('text=Review and save');
    await page.locator('dialog[open]').getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(`${server.url}/pipelines/made-here-copy`);
    await page.click('button:has-text("Delete")');
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel(/to confirm/).fill('made-here-copy');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.waitForSelector('[data-pipeline="made-here"]');
    expect(await page.locator('[data-pipeline="made-here-copy"]').count()).toBe(0);
    await expect(server.client.send(new GetPipelineCommand({ name: 'made-here-copy' }))).rejects.toThrow();
  });
});
