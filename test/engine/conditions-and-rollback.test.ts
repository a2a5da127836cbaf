import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreatePipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  ListRuleExecutionsCommand,
  OverrideStageConditionCommand,
  RollbackStageCommand,
  StartPipelineExecutionCommand,
  UnableToRollbackStageException,
  type StageDeclaration,
  type StageState,
} from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFiles, git, tempDir } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, stage, waitForExecution, waitForState } from '../kit/pipelines.js';
import { MovableClock } from '../kit/movable-clock.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/**
 * Stage conditions, automatic retry and rollback end to end: real builds, real deploys into a folder,
 * driven over the AWS SDK.
 */
describe('conditions, automatic retry and rollback', () => {
  let server: TestServer;
  beforeAll(async () => {
    // These builds keep state between runs in host files (a marker, a deploy folder): outside the
    // sandbox, on purpose (test/actions/build-sandbox.test.ts covers sandboxed builds).
    server = await startTestServer({ env: { PIPEWRIGHT_BUILD_SANDBOX: 'off' } });
  });
  afterAll(async () => {
    await server.close();
  });

  const source = (repository: string): StageDeclaration => ({ name: 'Source', actions: [codeCommitSource(repository)] });

  async function create(name: string, stages: StageDeclaration[], variables?: { name: string; defaultValue?: string }[]): Promise<string> {
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration(name, stages, { pipelineType: 'V2', ...(variables !== undefined ? { variables } : {}) }) }));
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: name }));
    return pipelineExecutionSummaries![0]!.pipelineExecutionId!;
  }

  it('gates a deploy stage with a VariableCheck: runs for prod, fails the stage for dev', async () => {
    await hostedRepository(server.dataDir, 'gated', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - "true"\n' });
    const first = await create(
      'gated',
      [
        source('gated'),
        {
          name: 'Deploy',
          actions: [codeBuild('Ship')],
          beforeEntry: {
            conditions: [
              {
                result: 'FAIL',
                rules: [{ name: 'OnlyProd', ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'VariableCheck', version: '1' }, configuration: { Variable: '#{variables.env}', Value: 'prod', Operator: 'EQ' } }],
              },
            ],
          },
        },
      ],
      [{ name: 'env', defaultValue: 'prod' }],
    );
    expect((await waitForExecution(server.client, 'gated', first)).status).toBe('Succeeded');
    const dev = (await server.client.send(new StartPipelineExecutionCommand({ name: 'gated', variables: [{ name: 'env', value: 'dev' }] }))).pipelineExecutionId!;
    const failed = await waitForExecution(server.client, 'gated', dev);
    expect(failed.status).toBe('Failed');
    expect(failed.statusSummary).toContain('beforeEntry');
    const { stageStates } = await server.client.send(new GetPipelineStateCommand({ name: 'gated' }));
    const deploy = stage(stageStates!, 'Deploy');
    expect(deploy.beforeEntryConditionState?.latestExecution?.status).toBe('Failed');
    expect(deploy.beforeEntryConditionState?.conditionStates?.[0]?.ruleStates?.[0]).toMatchObject({ ruleName: 'OnlyProd', latestExecution: { status: 'Failed' } });
    expect(deploy.actionStates?.[0]?.latestExecution).toBeUndefined();
    const { ruleExecutionDetails } = await server.client.send(new ListRuleExecutionsCommand({ pipelineName: 'gated', filter: { pipelineExecutionId: dev } }));
    expect(ruleExecutionDetails?.[0]).toMatchObject({ ruleName: 'OnlyProd', status: 'Failed', input: { resolvedConfiguration: { Variable: 'dev', Value: 'prod' } } });
  });

  it('holds a stage until its deployment window opens, then runs it (time moved on, not waited for)', async () => {
    // A server of its own: its clock is moved two hours ahead, which the other tests' pipelines must not see.
    const clock = new MovableClock();
    const windowed = await startTestServer({ clock });
    try {
      await hostedRepository(windowed.dataDir, 'windowed', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - "true"\n' });
      // The window: one minute a day, two hours from now (UTC), so the stage certainly waits first.
      const opens = Math.floor(clock.now() / 60_000) * 60_000 + 2 * 60 * 60_000;
      const at = new Date(opens);
      const cron = `* ${at.getUTCMinutes()} ${at.getUTCHours()} ? * * *`;
      await windowed.client.send(
        new CreatePipelineCommand({
          pipeline: declaration(
            'windowed',
            [
              source('windowed'),
              {
                name: 'Deploy',
                actions: [codeBuild('Ship')],
                beforeEntry: { conditions: [{ result: 'FAIL', rules: [{ name: 'Window', ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'DeploymentWindow', version: '1' }, configuration: { Cron: cron, TimeZone: 'UTC' } }] }] },
              },
            ],
            { pipelineType: 'V2' },
          ),
        }),
      );
      const id = (await windowed.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'windowed' }))).pipelineExecutionSummaries![0]!.pipelineExecutionId!;
      const waitingRule = (stages: StageState[]) => stage(stages, 'Deploy').beforeEntryConditionState?.latestExecution?.status === 'InProgress';
      const waiting = await waitForState(windowed.client, 'windowed', waitingRule, 'the window rule waiting');
      expect(stage(waiting, 'Deploy').actionStates?.[0]?.latestExecution).toBeUndefined();
      const tick = () => windowed.engine.submit('windowed', { event: { type: 'Tick' } });

      // A minute before the window opens: still shut.
      clock.advance(opens - 60_000 - clock.now());
      await tick();
      const stillWaiting = (await windowed.client.send(new GetPipelineStateCommand({ name: 'windowed' }))).stageStates!;
      expect(waitingRule(stillWaiting)).toBe(true);
      expect(stage(stillWaiting, 'Deploy').actionStates?.[0]?.latestExecution).toBeUndefined();

      // Inside the window: the stage runs.
      clock.advance(opens + 1_000 - clock.now());
      await tick();
      expect((await waitForExecution(windowed.client, 'windowed', id)).status).toBe('Succeeded');
      const { actionExecutionDetails } = await windowed.client.send(new ListActionExecutionsCommand({ pipelineName: 'windowed', filter: { pipelineExecutionId: id } }));
      const ship = actionExecutionDetails?.find((detail) => detail.actionName === 'Ship');
      expect(ship?.startTime?.getTime()).toBeGreaterThanOrEqual(opens);
    } finally {
      await windowed.close();
    }
  });

  it('lets a person override an entry condition that blocks', async () => {
    await hostedRepository(server.dataDir, 'override', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - "true"\n' });
    const id = await create('override', [
      source('override'),
      {
        name: 'Deploy',
        actions: [codeBuild('Ship')],
        beforeEntry: {
          conditions: [{ result: 'FAIL', rules: [{ name: 'Window', ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'DeploymentWindow', version: '1' }, configuration: { Cron: '* 0 0 1 1 ? 2199' } }] }],
        },
      },
    ]);
    await waitForState(server.client, 'override', (stages) => stage(stages, 'Deploy').beforeEntryConditionState?.latestExecution?.status === 'InProgress', 'the closed window');
    await server.client.send(new OverrideStageConditionCommand({ pipelineName: 'override', stageName: 'Deploy', pipelineExecutionId: id, conditionType: 'BEFORE_ENTRY' }));
    expect((await waitForExecution(server.client, 'override', id)).status).toBe('Succeeded');
    const { stageStates } = await server.client.send(new GetPipelineStateCommand({ name: 'override' }));
    expect(stage(stageStates!, 'Deploy').beforeEntryConditionState?.latestExecution?.status).toBe('Overridden');
  });

  it('retries a failing stage automatically once', async () => {
    const marker = join(server.dataDir, 'flaky-once');
    await hostedRepository(server.dataDir, 'flaky', {
      'buildspec.yml': `version: 0.2\nphases:\n  build:\n    commands:\n      - if [ ! -f ${marker} ]; then touch ${marker}; exit 1; fi\n`,
    });
    const id = await create('flaky', [source('flaky'), { name: 'Build', actions: [codeBuild('Compile')], onFailure: { result: 'RETRY', retryConfiguration: { retryMode: 'FAILED_ACTIONS' } } }]);
    expect((await waitForExecution(server.client, 'flaky', id)).status).toBe('Succeeded');
    const { stageStates } = await server.client.send(new GetPipelineStateCommand({ name: 'flaky' }));
    expect(stage(stageStates!, 'Build').retryStageMetadata).toMatchObject({ autoStageRetryAttempt: 1, latestRetryTrigger: 'AutomatedStageRetry' });
  });

  it('rolls a failed deploy back automatically to the last good revision, byte for byte, and rolls back by request', async () => {
    const site = tempDir('deployed-site');
    // The deploy replaces the site with the source's www/, then checks it: a broken release fails after deploying.
    const buildspec = [
      'version: 0.2',
      'phases:',
      '  build:',
      '    commands:',
      `      - rm -rf ${site}/* && cp -R www/. ${site}/`,
      `      - test ! -f ${site}/BROKEN`,
      '',
    ].join('\n');
    const { path } = await hostedRepository(server.dataDir, 'site', { 'buildspec.yml': buildspec, 'www/index.html': '<h1>v1</h1>\n', 'www/app.js': 'console.log(1);\n' });
    const good = await create('site', [source('site'), { name: 'Deploy', actions: [codeBuild('Publish')], onFailure: { result: 'ROLLBACK' } }]);
    expect((await waitForExecution(server.client, 'site', good)).status).toBe('Succeeded');
    const v1 = snapshot(site);

    await commitFiles(path, { 'www/index.html': '<h1>v2</h1>\n', 'www/BROKEN': 'yes\n' }, 'release v2');
    const bad = (await server.client.send(new StartPipelineExecutionCommand({ name: 'site' }))).pipelineExecutionId!;
    expect((await waitForExecution(server.client, 'site', bad)).status).toBe('Failed');
    const rollbackId = (await waitForState(server.client, 'site', (stages) => stage(stages, 'Deploy').latestExecution?.type === 'ROLLBACK', 'a rollback'))
      .find((candidate) => candidate.stageName === 'Deploy')!.latestExecution!.pipelineExecutionId!;
    const rollback = await waitForExecution(server.client, 'site', rollbackId);
    expect(rollback).toMatchObject({ status: 'Succeeded', executionType: 'ROLLBACK', trigger: { triggerType: 'AutomatedRollback' }, rollbackMetadata: { rollbackTargetPipelineExecutionId: good } });
    expect(snapshot(site)).toEqual(v1);

    await git(path, ['rm', '--quiet', 'www/BROKEN']);
    await commitFiles(path, { 'www/index.html': '<h1>v3</h1>\n' }, 'release v3');
    const fixed = (await server.client.send(new StartPipelineExecutionCommand({ name: 'site' }))).pipelineExecutionId!;
    expect((await waitForExecution(server.client, 'site', fixed)).status).toBe('Succeeded');
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toBe('<h1>v3</h1>\n');

    const manual = await server.client.send(new RollbackStageCommand({ pipelineName: 'site', stageName: 'Deploy', targetPipelineExecutionId: good }));
    const manualRun = await waitForExecution(server.client, 'site', manual.pipelineExecutionId!);
    expect(manualRun).toMatchObject({ status: 'Succeeded', executionType: 'ROLLBACK', trigger: { triggerType: 'ManualRollback' } });
    expect(snapshot(site)).toEqual(v1);
    await expect(server.client.send(new RollbackStageCommand({ pipelineName: 'site', stageName: 'Deploy', targetPipelineExecutionId: bad }))).rejects.toBeInstanceOf(
      UnableToRollbackStageException,
    );
    const { pipelineExecution } = await server.client.send(new GetPipelineExecutionCommand({ pipelineName: 'site', pipelineExecutionId: manual.pipelineExecutionId! }));
    expect(pipelineExecution?.artifactRevisions?.[0]?.revisionId).toBeDefined();
  });
});

/** Every file of a folder with its bytes, to compare deploys byte for byte. */
function snapshot(directory: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(directory, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(directory, name);
    if (statSync(path).isFile()) files[name] = readFileSync(path).toString('base64');
  }
  return files;
}
