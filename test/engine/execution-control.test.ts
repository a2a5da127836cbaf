import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreatePipelineCommand,
  DisableStageTransitionCommand,
  EnableStageTransitionCommand,
  GetPipelineStateCommand,
  InvalidApprovalTokenException,
  ApprovalAlreadyCompletedException,
  PutApprovalResultCommand,
  RetryStageExecutionCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  DuplicatedStopRequestException,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../git/git-kit.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, stage, waitForExecution, waitForState } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/**
 * Stop, retry, transitions, approvals and superseding with real builds, driven over the AWS SDK. Slow
 * builds wait on files the test creates, so timing never decides an outcome.
 */
describe('execution control with real builds', () => {
  let server: TestServer;
  beforeAll(async () => {
    // These builds signal the test through host files and pids: outside the sandbox, on purpose
    // (test/actions/build-sandbox.test.ts covers stopping sandboxed builds).
    server = await startTestServer({ env: { PIPEWRIGHT_BUILD_SANDBOX: 'off' } });
  });
  afterAll(async () => {
    await server.close();
  });

  /** A buildspec that records its pid, then waits until `release` exists. */
  function waitingBuildspec(pidFile: string, release: string): string {
    return ['version: 0.2', 'phases:', '  build:', '    commands:', `      - echo $$ > ${pidFile}`, `      - while [ ! -f ${release} ]; do sleep 0.05; done`, ''].join('\n');
  }

  async function pipelineWith(name: string, buildspec: string, extraStages: Parameters<typeof declaration>[1] = [], extra: Parameters<typeof declaration>[2] = {}): Promise<string> {
    await hostedRepository(server.dataDir, name, { 'buildspec.yml': buildspec });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(name, [{ name: 'Source', actions: [codeCommitSource(name)] }, { name: 'Build', actions: [codeBuild('Compile')] }, ...extraStages], extra),
      }),
    );
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: name }));
    return pipelineExecutionSummaries![0]!.pipelineExecutionId!;
  }

  it('stop and abandon kills the build process at once and stops the execution', async () => {
    const pidFile = join(server.dataDir, 'abandon.pid');
    const id = await pipelineWith('abandon', waitingBuildspec(pidFile, join(server.dataDir, 'never')));
    await eventually(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 'the build to start', 20_000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(isAlive(pid)).toBe(true);
    await server.client.send(new StopPipelineExecutionCommand({ pipelineName: 'abandon', pipelineExecutionId: id, abandon: true, reason: 'wrong commit' }));
    const stopped = await waitForExecution(server.client, 'abandon', id);
    expect(stopped.status).toBe('Stopped');
    await eventually(() => !isAlive(pid), 'the build process to die', 10_000);
    const states = await waitForState(server.client, 'abandon', (stages) => stage(stages, 'Build').actionStates?.[0]?.latestExecution?.status === 'Abandoned', 'abandoned');
    expect(stage(states, 'Build').latestExecution?.status).toBe('Stopped');
  });

  it('stop and wait lets the running build finish, then stops; a second identical stop is refused', async () => {
    const pidFile = join(server.dataDir, 'wait.pid');
    const release = join(server.dataDir, 'wait.release');
    const id = await pipelineWith('stopwait', waitingBuildspec(pidFile, release), [{ name: 'After', actions: [codeBuild('Later')] }]);
    await eventually(() => existsSync(pidFile), 'the build to start', 20_000);
    await server.client.send(new StopPipelineExecutionCommand({ pipelineName: 'stopwait', pipelineExecutionId: id, abandon: false }));
    await expect(server.client.send(new StopPipelineExecutionCommand({ pipelineName: 'stopwait', pipelineExecutionId: id, abandon: false }))).rejects.toBeInstanceOf(
      DuplicatedStopRequestException,
    );
    expect((await waitForExecution(server.client, 'stopwait', id, { statuses: ['Stopping'] })).status).toBe('Stopping');
    writeFileSync(release, '');
    const stopped = await waitForExecution(server.client, 'stopwait', id);
    expect(stopped.status).toBe('Stopped');
    const states = await waitForState(server.client, 'stopwait', () => true, 'state');
    expect(stage(states, 'Build').actionStates?.[0]?.latestExecution?.status).toBe('Succeeded');
    expect(stage(states, 'After').latestExecution).toBeUndefined();
  });

  it('retries a failed stage in the same execution once the cause is fixed', async () => {
    const fixed = join(server.dataDir, 'fixed');
    const id = await pipelineWith('retry', ['version: 0.2', 'phases:', '  build:', '    commands:', `      - test -f ${fixed}`, ''].join('\n'));
    const failed = await waitForExecution(server.client, 'retry', id);
    expect(failed.status).toBe('Failed');
    expect(failed.statusSummary).toContain('exit');
    writeFileSync(fixed, '');
    const retried = await server.client.send(new RetryStageExecutionCommand({ pipelineName: 'retry', stageName: 'Build', pipelineExecutionId: id, retryMode: 'FAILED_ACTIONS' }));
    expect(retried.pipelineExecutionId).toBe(id);
    expect((await waitForExecution(server.client, 'retry', id)).status).toBe('Succeeded');
    const states = await waitForState(server.client, 'retry', () => true, 'state');
    expect(stage(states, 'Build').retryStageMetadata).toMatchObject({ manualStageRetryAttempt: 1, latestRetryTrigger: 'ManualStageRetry' });
  });

  it('retries a failed action at once while the other build of its stage still runs; ALL_ACTIONS waits for it', async () => {
    const fixed = join(server.dataDir, 'fixed-beside');
    const release = join(server.dataDir, 'release-beside');
    // One buildspec, two actions: Quick fails until the test fixes its cause, Slow waits for the release.
    const commands = [`if [ "$ROLE" = quick ]; then test -f ${fixed}; else while [ ! -f ${release} ]; do sleep 0.05; done; fi`];
    await hostedRepository(server.dataDir, 'beside', { 'buildspec.yml': ['version: 0.2', 'phases:', '  build:', '    commands:', ...commands.map((command) => `      - ${command}`), ''].join('\n') });
    const role = (value: string): Record<string, string> => ({ EnvironmentVariables: JSON.stringify([{ name: 'ROLE', value, type: 'PLAINTEXT' }]) });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('beside', [
          { name: 'Source', actions: [codeCommitSource('beside')] },
          { name: 'Build', actions: [codeBuild('Quick', { configuration: role('quick') }), codeBuild('Slow', { configuration: role('slow') })] },
        ]),
      }),
    );
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'beside' }));
    const id = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    const actionStatus = (states: Awaited<ReturnType<typeof waitForState>>, name: string) =>
      stage(states, 'Build').actionStates?.find((action) => action.actionName === name)?.latestExecution?.status;
    await waitForState(server.client, 'beside', (states) => actionStatus(states, 'Quick') === 'Failed' && actionStatus(states, 'Slow') === 'InProgress', 'Quick to fail beside Slow');

    const retryAll = new RetryStageExecutionCommand({ pipelineName: 'beside', stageName: 'Build', pipelineExecutionId: id, retryMode: 'ALL_ACTIONS' });
    await expect(server.client.send(retryAll)).rejects.toMatchObject({ name: 'StageNotRetryableException', message: expect.stringContaining('still has actions in progress') as unknown });
    writeFileSync(fixed, '');
    await server.client.send(new RetryStageExecutionCommand({ pipelineName: 'beside', stageName: 'Build', pipelineExecutionId: id, retryMode: 'FAILED_ACTIONS' }));
    const retried = await waitForState(server.client, 'beside', (states) => actionStatus(states, 'Quick') === 'Succeeded', 'Quick to succeed on its retry');
    // Slow was never interrupted: the same run still waits for its release.
    expect(actionStatus(retried, 'Slow')).toBe('InProgress');
    expect(stage(retried, 'Build').retryStageMetadata).toMatchObject({ manualStageRetryAttempt: 1, latestRetryTrigger: 'ManualStageRetry' });
    writeFileSync(release, '');
    expect((await waitForExecution(server.client, 'beside', id)).status).toBe('Succeeded');
  });

  it('supersedes a waiting execution when a newer one arrives behind a slow build', async () => {
    const release = join(server.dataDir, 'super.release');
    const first = await pipelineWith('superseded', waitingBuildspec(join(server.dataDir, 'super.pid'), release));
    await waitForState(server.client, 'superseded', (stages) => stage(stages, 'Build').latestExecution?.pipelineExecutionId === first, 'first in Build');
    const second = (await server.client.send(new StartPipelineExecutionCommand({ name: 'superseded' }))).pipelineExecutionId!;
    await waitForState(server.client, 'superseded', (stages) => stage(stages, 'Build').inboundExecutions?.[0]?.pipelineExecutionId === second, 'second waiting');
    const third = (await server.client.send(new StartPipelineExecutionCommand({ name: 'superseded' }))).pipelineExecutionId!;
    expect((await waitForExecution(server.client, 'superseded', second)).status).toBe('Superseded');
    writeFileSync(release, '');
    expect((await waitForExecution(server.client, 'superseded', first)).status).toBe('Succeeded');
    expect((await waitForExecution(server.client, 'superseded', third)).status).toBe('Succeeded');
  });

  it('holds executions at a disabled transition and lets the newest through when enabled', async () => {
    await hostedRepository(server.dataDir, 'held', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - "true"\n' });
    await server.client.send(
      new CreatePipelineCommand({ pipeline: declaration('held', [{ name: 'Source', actions: [codeCommitSource('held')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }),
    );
    await server.client.send(new DisableStageTransitionCommand({ pipelineName: 'held', stageName: 'Build', transitionType: 'Inbound', reason: 'Release freeze' }));
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'held' }));
    const created = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    const states = await waitForState(server.client, 'held', (stages) => (stage(stages, 'Build').inboundExecutions ?? []).length > 0, 'an inbound execution');
    expect(stage(states, 'Build').inboundTransitionState).toMatchObject({ enabled: false, disabledReason: 'Release freeze' });
    expect(stage(states, 'Build').inboundTransitionState?.lastChangedBy).toContain('AKIDTESTPIPEWRIGHT');
    const newer = (await server.client.send(new StartPipelineExecutionCommand({ name: 'held' }))).pipelineExecutionId!;
    expect((await waitForExecution(server.client, 'held', created)).status).toBe('Superseded');
    await server.client.send(new EnableStageTransitionCommand({ pipelineName: 'held', stageName: 'Build', transitionType: 'Inbound' }));
    expect((await waitForExecution(server.client, 'held', newer)).status).toBe('Succeeded');
  });

  it('waits for a manual approval, refuses a wrong token and a second answer', async () => {
    const id = await pipelineWith('approval', 'version: 0.2\nphases:\n  build:\n    commands:\n      - "true"\n', [
      { name: 'Approve', actions: [{ name: 'Review', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
    ]);
    const states = await waitForState(server.client, 'approval', (stages) => stage(stages, 'Approve').actionStates?.[0]?.latestExecution?.token !== undefined, 'an approval token');
    const token = stage(states, 'Approve').actionStates![0]!.latestExecution!.token!;
    await expect(
      server.client.send(
        new PutApprovalResultCommand({ pipelineName: 'approval', stageName: 'Approve', actionName: 'Review', token: '00000000-0000-4000-8000-000000000000', result: { status: 'Approved', summary: 'x' } }),
      ),
    ).rejects.toBeInstanceOf(InvalidApprovalTokenException);
    const answer = await server.client.send(
      new PutApprovalResultCommand({ pipelineName: 'approval', stageName: 'Approve', actionName: 'Review', token, result: { status: 'Approved', summary: 'Ship it' } }),
    );
    expect(answer.approvedAt).toBeInstanceOf(Date);
    await expect(
      server.client.send(new PutApprovalResultCommand({ pipelineName: 'approval', stageName: 'Approve', actionName: 'Review', token, result: { status: 'Rejected', summary: 'no' } })),
    ).rejects.toBeInstanceOf(ApprovalAlreadyCompletedException);
    expect((await waitForExecution(server.client, 'approval', id)).status).toBe('Succeeded');
    const { stageStates } = await server.client.send(new GetPipelineStateCommand({ name: 'approval' }));
    expect(stage(stageStates!, 'Approve').actionStates?.[0]?.latestExecution).toMatchObject({ status: 'Succeeded', summary: 'Ship it' });
  });
});

/** Whether the process still runs: a zombie (dead, waiting to be reaped by init) does not. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
