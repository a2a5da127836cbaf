import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, GetPipelineExecutionCommand, GetPipelineStateCommand, ListPipelineExecutionsCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declaration, hostedRepository, stage, waitForExecution, waitForState } from '../kit/pipelines.js';
import { commitFiles } from '../git/git-kit.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { printed, runCli, startCli } from './cli-kit.js';

/**
 * The CLI driving real executions: start --wait and its exit codes, approvals, stop, retry,
 * transitions, logs, watch and repositories. Builds that must wait, wait on files the test creates.
 */
describe('pipewright CLI: executions', () => {
  let server: TestServer;
  let endpoint: string;
  const cli = (...args: string[]) => runCli(args, { endpoint });

  async function createPipeline(name: string, buildspec: string, stages?: Parameters<typeof declaration>[1]): Promise<void> {
    await hostedRepository(server.dataDir, name, { 'buildspec.yml': buildspec });
    const declared = stages ?? [{ name: 'Source', actions: [codeCommitSource(name)] }, { name: 'Build', actions: [codeBuild('Compile')] }];
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration(name, declared) }));
  }
  const buildspec = (...commands: string[]): string => ['version: 0.2', 'phases:', '  build:', '    commands:', ...commands.map((command) => `      - ${command}`), ''].join('\n');
  const latestIds = async (name: string): Promise<string[]> =>
    ((await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: name }))).pipelineExecutionSummaries ?? []).map((summary) => summary.pipelineExecutionId!);

  beforeAll(async () => {
    // Its builds wait on, or fail by, host files the test creates: outside the sandbox, on purpose.
    server = await startTestServer({ env: { PIPEWRIGHT_BUILD_SANDBOX: 'off' } });
    endpoint = server.url;
    await createPipeline('ok', buildspec('echo hello from the build', 'echo "to stderr" 1>&2'));
  });
  afterAll(async () => {
    await server.close();
  });

  it('start --wait follows an execution stage by stage and exits 0 when it succeeds', async () => {
    // While the gate file exists the build waits for the test, so its InProgress is seen however
    // fast the machine is. The execution CreatePipeline starts runs before the gate is shut.
    const gate = join(server.dataDir, 'gate-followed');
    await createPipeline('followed', buildspec(`while [ -f ${gate} ]; do sleep 0.05; done`, 'echo released'));
    const [created] = await latestIds('followed');
    expect((await waitForExecution(server.client, 'followed', created!)).status).toBe('Succeeded');
    writeFileSync(gate, '');
    const following = startCli(['start', 'followed', '--wait'], { endpoint });
    await printed(following, (output) => /Build\/Compile InProgress/.test(output), 'the build to start');
    rmSync(gate);
    const result = await following.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Started execution [0-9a-f-]{36} of followed/);
    expect(result.stdout).toMatch(/Source\/Checkout Succeeded/);
    expect(result.stdout).toMatch(/Build\/Compile InProgress/);
    expect(result.stdout).toMatch(/Execution [0-9a-f-]{36} Succeeded after/);
  });

  it('start --wait --json prints the ended execution only; the progress goes to stderr', async () => {
    const result = await cli('--json', 'start', 'ok', '--wait', '--var', 'IGNORED=1');
    // A V1 pipeline takes no variables: the server says so, and nothing is printed on stdout.
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^\w+Exception: /m);
    const plain = await cli('--json', 'start', 'ok', '--wait');
    expect(plain.code).toBe(0);
    const { pipelineExecution } = JSON.parse(plain.stdout) as { pipelineExecution: { status: string; pipelineName: string } };
    expect(pipelineExecution).toMatchObject({ status: 'Succeeded', pipelineName: 'ok' });
    expect(plain.stderr).toContain('Build/Compile Succeeded');
  });

  it('logs --follow prints the actions of one runOrder as they run, side by side, each named when its lines come', async () => {
    const release = join(server.dataDir, 'release-side-by-side');
    const env = (who: string): Record<string, string> => ({ EnvironmentVariables: JSON.stringify([{ name: 'WHO', value: who, type: 'PLAINTEXT' }]) });
    await createPipeline('sideBySide', buildspec('echo "$WHO started"', `while [ ! -f ${release}-$WHO ]; do sleep 0.05; done`, 'echo "$WHO done"'), [
      { name: 'Source', actions: [codeCommitSource('sideBySide')] },
      { name: 'Build', actions: [codeBuild('Left', { configuration: env('left') }), codeBuild('Right', { configuration: env('right') })] },
    ]);
    const following = startCli(['logs', 'sideBySide', '--follow'], { endpoint });
    // Both builds wait for the test: only a follower reading both logs at once sees both start.
    await printed(following, (output) => output.includes('left started') && output.includes('right started'), 'both builds to start');
    writeFileSync(`${release}-left`, '');
    writeFileSync(`${release}-right`, '');
    const result = await following.done;
    expect(result.code, result.stderr).toBe(0);
    for (const who of ['left', 'right']) {
      const name = who === 'left' ? 'Left' : 'Right';
      // Each line comes after a header naming its own action.
      const sections = result.stdout.split(/^==> /m).filter((section) => section.includes(`${who} started`) || section.includes(`${who} done`));
      expect(sections.length).toBeGreaterThan(0);
      for (const section of sections) expect(section.startsWith(`Build/${name} (`)).toBe(true);
    }
  });

  it('start --source-revision runs a source action on the revision named; --token makes a start idempotent', async () => {
    const { path, commit: first } = await hostedRepository(server.dataDir, 'pinned', { 'buildspec.yml': buildspec('cat version.txt'), 'version.txt': 'one' });
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration('pinned', [{ name: 'Source', actions: [codeCommitSource('pinned')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }));
    await commitFiles(path, { 'version.txt': 'two' }, 'second commit');

    const pinned = await cli('start', 'pinned', '--source-revision', `Checkout=COMMIT_ID:${first}`, '--token', 'release-1');
    expect(pinned.code, pinned.stderr).toBe(0);
    const id = pinned.stdout.trim();
    expect((await waitForExecution(server.client, 'pinned', id)).status).toBe('Succeeded');
    const { pipelineExecution } = await server.client.send(new GetPipelineExecutionCommand({ pipelineName: 'pinned', pipelineExecutionId: id }));
    expect(pipelineExecution?.artifactRevisions?.[0]?.revisionId).toBe(first);

    const again = await cli('start', 'pinned', '--token', 'release-1');
    expect(again.stdout.trim()).toBe(id);
    const unknownAction = await cli('start', 'pinned', '--source-revision', `Nope=COMMIT_ID:${first}`);
    expect(unknownAction.code).toBe(1);
    expect(unknownAction.stderr).toMatch(/ValidationException: .*Nope/);
    const malformed = await cli('start', 'pinned', '--source-revision', 'Checkout=BRANCH:main');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--source-revision takes action=TYPE:value');
  });

  it('logs prints the latest execution’s build log; --json is one object per line; --follow ends with the log', async () => {
    const result = await cli('logs', 'ok');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('hello from the build');
    expect(result.stdout).toContain('to stderr');
    const json = await cli('--json', 'logs', 'ok', '--stage', 'Build', '--action', 'Compile');
    const lines = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as { stageName: string; actionName: string; stream: string; text: string });
    expect(lines.find((line) => line.text === 'to stderr')).toMatchObject({ stageName: 'Build', actionName: 'Compile', stream: 'stderr' });
    const followed = await cli('logs', 'ok', '--follow');
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain('==> Build/Compile');
    expect(followed.stdout).toContain('hello from the build');
    const none = await cli('logs', 'ok', '--stage', 'Nowhere');
    expect(none.code).toBe(1);
  });

  it('start --wait exits 1 when the execution fails; retry runs the failed stage again', async () => {
    const marker = join(server.dataDir, 'flaky.ok');
    await createPipeline('flaky', buildspec(`test -f ${marker}`));
    const failed = await cli('start', 'flaky', '--wait');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/Build\/Compile Failed/);
    expect(failed.stdout).toMatch(/Execution [0-9a-f-]{36} Failed/);
    const [failedId] = await latestIds('flaky');

    writeFileSync(marker, '');
    const retried = await cli('retry', 'flaky', 'Build');
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stdout).toContain(`Retrying Build of flaky in execution ${failedId}`);
    expect((await waitForExecution(server.client, 'flaky', failedId!)).status).toBe('Succeeded');
    const again = await cli('retry', 'flaky', 'Build');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^StageNotRetryableException: /m);
  });

  it('approve and reject answer the approval waiting in a stage; start --wait waits for it', async () => {
    await createPipeline('gate', buildspec('echo gated'), [
      { name: 'Source', actions: [codeCommitSource('gate')] },
      { name: 'Gate', actions: [{ name: 'Review', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
    ]);
    // The execution creation started reaches the approval first: reject it.
    await waitForState(server.client, 'gate', (stages) => stage(stages, 'Gate').actionStates?.[0]?.latestExecution?.token !== undefined, 'the first approval');
    const status = await cli('status', 'gate');
    expect(status.stdout).toContain('waiting for approval: pipewright approve|reject gate Gate Review');
    const rejected = await cli('reject', 'gate', 'Gate', 'Review', '--summary', 'not this one');
    expect(rejected.code, rejected.stderr).toBe(0);

    const waiting = startCli(['start', 'gate', '--wait'], { endpoint });
    await printed(waiting, (output) => output.includes('Gate/Review InProgress waiting for approval'), 'the approval to wait');
    const approved = await cli('approve', 'gate', 'Gate', 'Review', '--summary', 'ship it');
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('Approved Gate/Review of gate');
    const result = await waiting.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Gate\/Review Succeeded/);

    const nothingWaits = await cli('approve', 'gate', 'Gate', 'Review');
    expect(nothingWaits.code).toBe(1);
    expect(nothingWaits.stderr).toContain('is not waiting for approval');
  });

  it('stop --abandon stops the newest execution in progress; with none left, stop is refused', async () => {
    await createPipeline('slow', buildspec(`while [ ! -f ${join(server.dataDir, 'never')} ]; do sleep 0.05; done`));
    await waitForState(server.client, 'slow', (stages) => stage(stages, 'Build').latestExecution?.status === 'InProgress', 'the build to run');
    const [running] = await latestIds('slow');
    const stopped = await cli('stop', 'slow', '--abandon', '--reason', 'wrong commit');
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain(`Abandoning execution ${running}`);
    expect((await waitForExecution(server.client, 'slow', running!)).status).toBe('Stopped');
    const executions = await cli('executions', 'slow');
    expect(executions.stdout).toMatch(new RegExp(`^${running}\\s+Stopped`, 'm'));
    const again = await cli('stop', 'slow');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('has no execution in progress');
  });

  it('disable-transition and enable-transition; status shows the disabled transition and why', async () => {
    const disabled = await cli('disable-transition', 'ok', 'Build', '--reason', 'release freeze');
    expect(disabled.code, disabled.stderr).toBe(0);
    const status = await cli('status', 'ok');
    expect(status.stdout).toContain('transition into Build disabled: release freeze');
    const json = JSON.parse((await cli('--json', 'status', 'ok')).stdout) as { stageStates: { stageName: string; inboundTransitionState: { enabled: boolean } }[] };
    expect(json.stageStates.find((s) => s.stageName === 'Build')?.inboundTransitionState.enabled).toBe(false);
    const missingReason = await cli('disable-transition', 'ok', 'Build');
    expect(missingReason.code).toBe(2);

    expect((await cli('enable-transition', 'ok', 'Build')).code).toBe(0);
    const { stageStates } = await server.client.send(new GetPipelineStateCommand({ name: 'ok' }));
    expect(stage(stageStates!, 'Build').inboundTransitionState?.enabled).toBe(true);
  });

  it('watch prints the view, then a line per change, live, until interrupted', async () => {
    // The build waits behind a gate while the test looks for its InProgress line, so the line is on
    // screen however fast the machine is. The execution CreatePipeline starts runs before the gate shuts.
    const gate = join(server.dataDir, 'gate-watched');
    await createPipeline('watched', buildspec(`while [ -f ${gate} ]; do sleep 0.05; done`));
    const [created] = await latestIds('watched');
    expect((await waitForExecution(server.client, 'watched', created!)).status).toBe('Succeeded');
    writeFileSync(gate, '');
    const watching = startCli(['watch', 'watched'], { endpoint });
    await printed(watching, (output) => output.includes('Pipeline watched'), 'the first view');
    const { pipelineExecutionId } = await server.client.send(new StartPipelineExecutionCommand({ name: 'watched' }));
    await printed(watching, (output) => new RegExp(`Build\\s+InProgress\\s+${pipelineExecutionId}`).test(output), 'the build to run on screen');
    rmSync(gate);
    await printed(watching, (output) => new RegExp(`Build\\s+Succeeded\\s+${pipelineExecutionId}`).test(output), 'the build to succeed on screen');
    watching.child.kill('SIGINT');
    const result = await watching.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Source\\s+Succeeded\\s+${pipelineExecutionId}`));
  });

  it('repo create prints the clone URL; a name in use is refused', async () => {
    const created = await cli('repo', 'create', 'fresh');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toBe(`${endpoint}/git/fresh`);
    const again = await cli('--json', 'repo', 'create', 'fresh');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^RepositoryNameExistsException: /m);
    const list = JSON.parse((await cli('--json', 'repo', 'list')).stdout) as { repositories: { name: string }[] };
    expect(list.repositories.map((repository) => repository.name)).toContain('fresh');
  });
});
