import { CreatePipelineCommand, DisableStageTransitionCommand, GetPipelineStateCommand, ListPipelineExecutionsCommand, PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository, stage, waitForState } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { launchBrowser, pageWidth, shoot } from './browser-kit.js';

const timeout = 30_000;

/** Each build writes its whole workspace (only Package declares an output): Publish builds Package's artifact with this same buildspec. */
const buildspec = 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo built > built.txt\nartifacts:\n  files:\n    - "**/*"\n';

/**
 * The pipeline drawn as a graph: stages left to right, parallel actions (one runOrder) stacked in a
 * column, the next runOrder beside them, a line for each artifact from its writer to its readers, the
 * transitions (a disabled one dashed, with its reason), and the latest execution's statuses following
 * live. At 390 px the same graph stacks from top to bottom without a sideways scroll.
 */
describe('the pipeline graph', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    await hostedRepository(server.dataDir, 'graphed', { 'buildspec.yml': buildspec });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(timeout);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const node = (action: string) => page.locator(`[data-node$=".${action}"]`);
  const box = async (selector: string, on: Page = page) => (await on.locator(selector).boundingBox())!;

  it('draws stages, run orders and artifact flow, and follows the execution live', async () => {
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('graphed', [
          { name: 'Source', actions: [codeCommitSource('graphed')] },
          { name: 'Build', actions: [codeBuild('Unit'), codeBuild('Lint'), codeBuild('Package', { runOrder: 2, outputs: ['Pkg'] })] },
          {
            name: 'Release',
            actions: [
              { name: 'Approve', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' }, runOrder: 1 },
              codeBuild('Publish', { input: 'Pkg', runOrder: 2 }),
            ],
          },
        ]),
      }),
    );
    const stages = await waitForState(server.client, 'graphed', (states) => stage(states, 'Release').actionStates?.[0]?.latestExecution?.status === 'InProgress', 'the approval to wait');
    const token = stage(stages, 'Release').actionStates![0]!.latestExecution!.token!;
    // CodePipeline's DisableStageTransition: the reason is shown where the transition is drawn.
    await server.client.send(new DisableStageTransitionCommand({ pipelineName: 'graphed', stageName: 'Build', transitionType: 'Inbound', reason: 'Freeze for the audit' }));

    await page.goto(`${server.url}/pipelines/graphed`);
    await page.click('.tabs >> text=Graph');
    await node('Approve').locator('[data-awaiting="approval"]').waitFor();
    // The line above the graph is the pipeline page's own (one component): status and the source revision.
    const [execution] = (await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'graphed' }))).pipelineExecutionSummaries!;
    const latestLine = await page.locator('.latest').textContent();
    expect(latestLine).toContain('Awaiting approval');
    expect(latestLine).toContain(execution!.sourceRevisions![0]!.revisionId!.slice(0, 10));
    // Artifacts: the checkout goes to the three builds, the package across a stage to Publish.
    for (const edge of ['Src:Checkout->Unit', 'Src:Checkout->Lint', 'Src:Checkout->Package', 'Pkg:Package->Publish']) {
      await page.locator(`path[data-edge="${edge}"]`).waitFor({ state: 'attached' });
    }
    expect(await page.locator('path[data-edge]').count()).toBe(4);
    expect(await page.locator('path[data-transition-edge="Source->Build"]').getAttribute('class')).toContain('disabled');
    expect(await page.locator('path[data-transition-edge="Build->Release"]').getAttribute('class')).not.toContain('disabled');
    expect(await page.locator('[data-graph-stage="Build"] .graph-disabled').textContent()).toContain('Freeze for the audit');
    // Left to right: stages in order; within Build, Unit and Lint in one column, Package in the next.
    const [source, build, release] = [await box('[data-graph-stage="Source"]'), await box('[data-graph-stage="Build"]'), await box('[data-graph-stage="Release"]')];
    expect(source.x + source.width).toBeLessThan(build.x);
    expect(build.x + build.width).toBeLessThan(release.x);
    const [unit, lint, pack] = [await box('[data-node="Build.Unit"]'), await box('[data-node="Build.Lint"]'), await box('[data-node="Build.Package"]')];
    expect(lint.x).toBe(unit.x);
    expect(lint.y).toBeGreaterThan(unit.y);
    expect(pack.x).toBeGreaterThan(unit.x + unit.width);
    expect(await node('Unit').locator('[data-status]').getAttribute('data-status')).toBe('Succeeded');
    await shoot(page, 'graph-awaiting-1400');

    // Approved by someone else: the page (never reloaded) turns the approval and then Publish green.
    await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
    await server.client.send(new PutApprovalResultCommand({ pipelineName: 'graphed', stageName: 'Release', actionName: 'Approve', token, result: { status: 'Approved', summary: 'fine' } }));
    await node('Publish').locator('[data-status="Succeeded"]').waitFor();
    expect(await node('Approve').locator('[data-status]').getAttribute('data-status')).toBe('Succeeded');
    expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    const { stageStates } = await server.client.send(new GetPipelineStateCommand({ name: 'graphed' }));
    expect(stage(stageStates!, 'Release').latestExecution?.status).toBe('Succeeded');
    await shoot(page, 'graph-done-1400');
  });

  it('stacks the graph from top to bottom at 390 px, lines included, without a sideways scroll', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    phone.setDefaultTimeout(timeout);
    await phone.goto(`${server.url}/pipelines/graphed/graph`);
    await phone.locator('path[data-edge="Pkg:Package->Publish"]').waitFor({ state: 'attached' });
    const [source, build, release] = [await box('[data-graph-stage="Source"]', phone), await box('[data-graph-stage="Build"]', phone), await box('[data-graph-stage="Release"]', phone)];
    expect(build.y).toBeGreaterThanOrEqual(source.y + source.height);
    expect(release.y).toBeGreaterThanOrEqual(build.y + build.height);
    expect(build.x).toBe(source.x);
    // Stacked, the artifact line leaves the writer's bottom edge (not its side, as when wide): it goes down.
    const line = await box('path[data-edge="Pkg:Package->Publish"]', phone);
    const pack = await box('[data-node="Build.Package"]', phone);
    expect(line.y).toBeGreaterThan(pack.y + pack.height * 0.75);
    expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
    await shoot(phone, 'graph-390');
    await phone.close();
  });
});
