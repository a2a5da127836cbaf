import { CreatePipelineCommand, ListPipelineExecutionsCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFiles } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { launchBrowser, pageWidth, shoot } from './browser-kit.js';

const timeout = 30_000;

/** The build fails when the pipeline variable MODE (handed in through EnvironmentVariables) is "broken". */
const buildspec = ['version: 0.2', 'env:', '  exported-variables:', '    - MODE', 'phases:', '  build:', '    commands:', '      - echo "mode $MODE"', '      - test "$MODE" != broken', ''].join('\n');

/**
 * Two executions picked in the history and compared side by side: source revisions, pipeline
 * variables, each action's status, duration and outputs, the rows that differ marked.
 */
describe('comparing two executions', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let good: string;
  let bad: string;

  beforeAll(async () => {
    server = await startTestServer();
    const repository = await hostedRepository(server.dataDir, 'compared', { 'buildspec.yml': buildspec });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(
          'compared',
          [
            { name: 'Source', actions: [codeCommitSource('compared')] },
            // CodePipeline's pipeline variables reach a build through #{variables.NAME} in EnvironmentVariables.
            { name: 'Build', actions: [codeBuild('Build', { namespace: 'BuildVariables', configuration: { EnvironmentVariables: JSON.stringify([{ name: 'MODE', value: '#{variables.MODE}', type: 'PLAINTEXT' }]) } })] },
          ],
          { pipelineType: 'V2', variables: [{ name: 'MODE', defaultValue: 'fine' }] },
        ),
      }),
    );
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'compared' }));
    good = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    expect((await waitForExecution(server.client, 'compared', good)).status).toBe('Succeeded');
    await commitFiles(repository.path, { 'README.md': 'second commit\n' }, 'A second commit');
    bad = (await server.client.send(new StartPipelineExecutionCommand({ name: 'compared', variables: [{ name: 'MODE', value: 'broken' }] }))).pipelineExecutionId!;
    expect((await waitForExecution(server.client, 'compared', bad)).status).toBe('Failed');
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(timeout);
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const row = (key: string, on: Page = page) => on.locator(`[data-compare="${key}"]`);

  it('compares two executions picked in the history, differences marked', async () => {
    await page.goto(`${server.url}/pipelines/compared/history`);
    const compare = page.getByRole('button', { name: /^Compare/ });
    expect(await compare.isDisabled()).toBe(true);
    await page.getByLabel(`Compare ${good.slice(0, 8)}`).check();
    await page.getByLabel(`Compare ${bad.slice(0, 8)}`).check();
    await compare.click();
    await row('status').waitFor();
    expect(new URL(page.url()).pathname).toBe('/pipelines/compared/compare');

    const cells = async (key: string) => row(key).locator('td').allTextContents();
    expect(await cells('status')).toEqual([expect.stringContaining('Succeeded'), expect.stringContaining('Failed')]);
    expect(await row('status').getAttribute('data-differs')).toBe('true');
    expect(await cells('trigger')).toEqual([expect.stringContaining('CreatePipeline'), expect.stringContaining('StartPipelineExecution')]);
    expect(await row('version').getAttribute('data-differs')).toBe('false');
    expect(await row('variable.MODE').locator('td').allTextContents()).toEqual(['fine', 'broken']);
    expect(await row('variable.MODE').getAttribute('data-differs')).toBe('true');
    // Two commits: the source revision differs, and its summary is the commit message.
    expect(await row('revision.Src').getAttribute('data-differs')).toBe('true');
    expect((await cells('revision.Src'))[1]).toContain('A second commit');
    // The build: succeeded with MODE exported, then failed; each with its duration.
    expect(await row('action.Build.Build').getAttribute('data-differs')).toBe('true');
    const [before, after] = await cells('action.Build.Build');
    expect(before).toMatch(/^Succeeded\d+s/);
    expect(before).toContain('MODE = fine');
    expect(after).toMatch(/^Failed\d+s/);
    // Within the row, the line only one side has is marked.
    expect(await row('action.Build.Build').locator('[data-changed]').allTextContents()).toEqual(expect.arrayContaining(['MODE = fine']));
    expect(await page.locator('[data-difference-count]').textContent()).toMatch(/^\d+ differences/);
    await shoot(page, 'compare-1400');

    await page.getByLabel('Only differences').check();
    expect(await row('version').count()).toBe(0);
    expect(await row('variable.MODE').count()).toBe(1);
  });

  it('fits 390 px', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    phone.setDefaultTimeout(timeout);
    await phone.goto(`${server.url}/pipelines/compared/compare?a=${good}&b=${bad}`);
    await row('action.Build.Build', phone).waitFor();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    await shoot(phone, 'compare-390');
    await phone.close();
  });
});
