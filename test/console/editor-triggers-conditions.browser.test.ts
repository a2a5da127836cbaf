import { CreatePipelineCommand, GetPipelineCommand, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, declaration } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { launchBrowser, pageWidth, shoot } from './browser-kit.js';

const timeout = 30_000;

/**
 * A V2 pipeline with git triggers and stage conditions, in the shapes of AWS's CodePipeline API
 * reference (PipelineTriggerDeclaration, GitPushFilter, GitPullRequestFilter; StageDeclaration's
 * beforeEntry / onSuccess / onFailure with DeploymentWindow and VariableCheck rules).
 */
const original: PipelineDeclaration = declaration(
  'gated',
  [
    {
      name: 'Source',
      actions: [
        {
          name: 'Checkout',
          actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
          configuration: { ConnectionArn: 'arn:aws:codeconnections:us-east-1:123456789012:connection/none', FullRepositoryId: 'acme/app', BranchName: 'main' },
          outputArtifacts: [{ name: 'Src' }],
          namespace: 'SourceVariables',
        },
      ],
    },
    {
      name: 'Build',
      actions: [codeBuild('Compile')],
      beforeEntry: {
        conditions: [{ result: 'FAIL', rules: [{ name: 'BusinessHours', ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'DeploymentWindow', version: '1' }, configuration: { Cron: '* 0 9 ? * MON-FRI *', TimeZone: 'UTC' } }] }],
      },
      onSuccess: {
        conditions: [
          { result: 'FAIL', rules: [{ name: 'OnMain', ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'VariableCheck', version: '1' }, configuration: { Variable: '#{SourceVariables.BranchName}', Value: 'main', Operator: 'EQ' } }] },
        ],
      },
      onFailure: { result: 'RETRY', retryConfiguration: { retryMode: 'FAILED_ACTIONS' } },
    },
  ],
  {
    pipelineType: 'V2',
    executionMode: 'QUEUED',
    triggers: [
      {
        providerType: 'CodeStarSourceConnection',
        gitConfiguration: {
          sourceActionName: 'Checkout',
          push: [{ branches: { includes: ['main', 'release/**'], excludes: ['wip/*'] }, filePaths: { includes: ['src/**'] } }],
          pullRequest: [{ events: ['OPEN', 'UPDATED'], branches: { includes: ['main'] } }],
        },
      },
    ],
  },
);

/** Triggers and stage conditions in the visual editor: saved untouched they come back the same; edited, only the edit changes. */
describe('triggers and conditions in the pipeline editor', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    await server.client.send(new CreatePipelineCommand({ pipeline: original }));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(timeout);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const stored = async (): Promise<PipelineDeclaration> => {
    const { pipeline } = await server.client.send(new GetPipelineCommand({ name: 'gated' }));
    return pipeline!;
  };
  const withoutVersion = ({ version: _version, ...rest }: PipelineDeclaration): PipelineDeclaration => rest;

  async function save(): Promise<void> {
    await page.click('text=Review and save');
    await page.locator('dialog[open]').getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${server.url}/pipelines/gated`);
  }

  it('saves triggers and conditions it was not asked to change exactly as they were', async () => {
    const before = await stored();
    await page.goto(`${server.url}/pipelines/gated/edit`);
    await page.locator('[data-edit-trigger="Checkout"]').waitFor();
    expect(await page.locator('[data-edit-trigger="Checkout"] [data-push-filter="0"]').getByLabel('Branches', { exact: true }).inputValue()).toBe('main, release/**');
    expect(await page.locator('[data-edit-rule="BusinessHours"]').getByLabel('Rule configuration').inputValue()).toBe('Cron=* 0 9 ? * MON-FRI *\nTimeZone=UTC');
    expect(await page.locator('[data-edit-conditions="Build"]').getByLabel('Failure result').inputValue()).toBe('RETRY');
    await save();
    const after = await stored();
    expect(after.version).toBe(before.version! + 1);
    expect(withoutVersion(after)).toEqual(withoutVersion(before));
  });

  it('edits a push filter, the pull request events, a rule and the retry mode, and changes only those', async () => {
    const before = await stored();
    await page.goto(`${server.url}/pipelines/gated/edit`);
    const trigger = page.locator('[data-edit-trigger="Checkout"]');
    await trigger.waitFor();
    await trigger.locator('[data-push-filter="0"]').getByLabel('Not branches').fill('wip/*, tmp/*');
    await trigger.locator('[data-push-filter="0"]').getByLabel('Not file paths').fill('**/*.md');
    await trigger.locator('[data-pull-request-filter="0"]').getByLabel('CLOSED').check();
    await page.locator('[data-edit-rule="BusinessHours"]').getByLabel('Rule configuration').fill('Cron=* 0 9 ? * MON-FRI *\nTimeZone=Europe/Paris');
    await page.getByLabel('Retry mode').selectOption('ALL_ACTIONS');
    // A condition added and removed again leaves nothing behind.
    await page.locator('[data-edit-conditions="Source"] summary').click();
    await page.locator('[data-edit-conditions="Source"]').getByRole('button', { name: 'Add on success condition' }).click();
    await page.locator('[data-edit-conditions="Source"]').getByRole('button', { name: 'Remove condition' }).click();
    await shoot(page, 'editor-triggers-conditions-1400');

    await page.click('text=Review and save');
    const diff = page.locator('dialog[open] pre[aria-label="Diff"]');
    expect(await diff.locator('.added').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('"tmp/*"'), expect.stringContaining('"CLOSED"'), expect.stringContaining('Europe/Paris')]));
    await page.locator('dialog[open]').getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${server.url}/pipelines/gated`);

    const expected = structuredClone(withoutVersion(before));
    const push = expected.triggers![0]!.gitConfiguration!.push![0]!;
    push.branches!.excludes = ['wip/*', 'tmp/*'];
    push.filePaths!.excludes = ['**/*.md'];
    expected.triggers![0]!.gitConfiguration!.pullRequest![0]!.events = ['OPEN', 'UPDATED', 'CLOSED'];
    expected.stages![1]!.beforeEntry!.conditions![0]!.rules![0]!.configuration!.TimeZone = 'Europe/Paris';
    expected.stages![1]!.onFailure!.retryConfiguration = { retryMode: 'ALL_ACTIONS' };
    expect(withoutVersion(await stored())).toEqual(expected);
  });

  it('fits the editor with triggers and conditions open in 390 px', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    phone.setDefaultTimeout(timeout);
    await phone.goto(`${server.url}/pipelines/gated/edit`);
    await phone.locator('[data-edit-rule="OnMain"]').waitFor();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    await shoot(phone, 'editor-triggers-conditions-390');
    await phone.close();
  });
});
