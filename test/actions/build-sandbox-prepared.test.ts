import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, UpdatePipelineCommand, StartPipelineExecutionCommand, StopPipelineExecutionCommand, type ActionDeclaration, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobTraceChannel, type JobTraceMark } from '../../src/core/job-trace.js';
import { currentSandbox } from '../../src/providers/shared/sandbox/current-sandbox.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { hostProcessesWith, uniqueSleep } from '../providers/shared/sandbox/host-processes.js';
import { actionLog, actionRuns, latestExecutionId } from './kit/executions.js';
import { eventually } from './kit/wait.js';

/**
 * Prepared sandboxes (src/providers/shared/sandbox/prepared-sandboxes.ts): a build that takes a shell
 * started ahead sees what a cold one sees, two of them see nothing of each other, a build that does not
 * fit starts cold, and nothing of them is left once the server stops. Real servers and pipelines; a
 * build tells whether it took a prepared shell by its workspace's name (`work/prepared-<uuid>`).
 */
describe.runIf(currentSandbox().status.kind === 'bwrap')('prepared sandboxes', () => {
  let prepared: TestServer;
  let cold: TestServer;
  const pipelines = new Map<TestServer, Set<string>>();

  beforeAll(async () => {
    const open = (dir: string): void => chmodSync(dir, 0o755);
    [prepared, cold] = await Promise.all([startTestServer({ prepare: open }), startTestServer({ prepare: open, env: { PIPEWRIGHT_BUILD_PREPARED_SANDBOXES: '0' } })]);
    for (const server of [prepared, cold]) {
      pipelines.set(server, new Set());
      await hostedRepository(server.dataDir, 'app', { 'app.txt': 'the app\n' });
    }
  });
  afterAll(async () => {
    await Promise.all([prepared?.close(), cold?.close()]);
  });

  function commands(name: string, lines: string[], extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
    return { name, actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' }, inputArtifacts: [{ name: 'Src' }], commands: lines, ...extra };
  }

  /** Runs the pipeline (made, or updated to these actions) and returns each action's log. */
  async function run(server: TestServer, name: string, actions: ActionDeclaration[]): Promise<Map<string, string>> {
    const pipeline: PipelineDeclaration = declaration(name, [{ name: 'Source', actions: [codeCommitSource('app')] }, { name: 'Probe', actions }], { pipelineType: 'V2' });
    const known = pipelines.get(server)!;
    let executionId: string;
    if (known.has(name)) {
      await server.client.send(new UpdatePipelineCommand({ pipeline }));
      executionId = (await server.client.send(new StartPipelineExecutionCommand({ name }))).pipelineExecutionId!;
    } else {
      known.add(name);
      await server.client.send(new CreatePipelineCommand({ pipeline }));
      executionId = await latestExecutionId(server.client, name);
    }
    const execution = await waitForExecution(server.client, name, executionId, { timeoutMs: 60_000 });
    const runs = await actionRuns(server.client, name, executionId);
    const logs = new Map<string, string>();
    for (const action of actions) logs.set(action.name!, (await actionLog(server.dataDir, runs.get(action.name!)!.actionExecutionId!)).join('\n'));
    expect(execution.status, [...logs.values()].join('\n')).toBe('Succeeded');
    return logs;
  }

  const adopted = (log: string): boolean => /stdout SRC=\S*\/work\/prepared-/.test(log);

  /** Waits until `count` prepared shells wait in `server`'s work root (the pool fills behind the first build). */
  async function slotsReady(server: TestServer, count: number): Promise<void> {
    const marker = `${join(server.dataDir, 'work')}/prepared-`;
    await eventually(() => (waitingShells(marker) >= count ? true : undefined), `${count} prepared shells`, 30_000);
  }

  /** What a build sees of itself, with what differs between any two builds (ids, its workspace's name, the server's port) named instead. */
  const probe = [
    'echo "SRC=$CODEBUILD_SRC_DIR"',
    'id',
    'umask',
    'ulimit -a',
    'nice',
    'pwd',
    'env | sort',
    'ls -A /tmp',
    'ls -A "$HOME"',
    'ps -e -o pid=,ppid=,comm=',
    'cat /proc/self/status | grep -E "^(NoNewPrivs|CapEff|CapBnd|Seccomp):"',
  ];
  function normalised(log: string): string[] {
    const workspace = /SRC=(\S+)\/sources\//.exec(log)?.[1] ?? 'none';
    return log
      .split('\n')
      .filter((line) => line.startsWith('stdout ') && !line.startsWith('stdout SRC=') && !/^stdout (CODEBUILD_START_TIME|_)=/.test(line))
      .map((line) =>
        line
          .replaceAll(workspace, '<workspace>')
          .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
          .replace(/\b20000\d{5}\b/g, '<uid>')
          .replace(/127\.0\.0\.1:\d+/g, '<server>')
          .replace(/pipewright-test-\w+/g, '<data-dir>')
          .replace(/\/credentials\/\S+/g, '/credentials/<token>')
          .replace(/\/Src\/\w+$/, '/Src/<key>')
          .replace(/\b[0-9a-f]{40}\b/g, '<commit>')
          .replace(/CODEBUILD_BUILD_NUMBER=\d+/, 'CODEBUILD_BUILD_NUMBER=<n>'),
      );
  }

  it('gives a build that takes a prepared shell what a cold build sees', async () => {
    const action = commands('Probe', probe, { environmentVariables: [{ name: 'FROM_ACTION', value: "it's\nvalue" }] });
    // The first build of a work root starts cold and the pool fills behind it.
    await run(prepared, 'same', [action]);
    await slotsReady(prepared, 2);
    const warm = (await run(prepared, 'same', [action])).get('Probe')!;
    const coldLog = (await run(cold, 'same', [action])).get('Probe')!;
    expect(adopted(warm), warm).toBe(true);
    expect(adopted(coldLog)).toBe(false);
    expect(normalised(warm)).toEqual(normalised(coldLog));
    expect(warm).toMatch(/stdout uid=\d+\(build\)/);
    expect(warm).toContain('stdout FROM_ACTION=it');
  });

  it('keeps two builds with prepared shells apart', async () => {
    await slotsReady(prepared, 2);
    const lines = (name: string): string[] => [
      `echo secret-${name} > "$CODEBUILD_SRC_DIR/mine" && echo secret-${name} > /tmp/mine`,
      'echo "SRC=$CODEBUILD_SRC_DIR"',
      'ls -A "$(dirname "$(dirname "$(dirname "$CODEBUILD_SRC_DIR")")")"',
      'ls -A /tmp',
      'sleep 1',
      'cat /tmp/mine',
      'echo "PROCESSES $(ps -e -o comm= | sort | tr "\\n" " ")"',
      'echo "UID $(id -u)"',
    ];
    const logs = await run(prepared, 'pair', [commands('A', lines('a')), commands('B', lines('b'))]);
    const a = logs.get('A')!;
    const b = logs.get('B')!;
    expect(adopted(a), a).toBe(true);
    expect(adopted(b), b).toBe(true);
    // Each sees its own workspace alone in the work root, its own /tmp and processes, and has a uid of its own.
    for (const [own, other] of [
      [a, 'b'],
      [b, 'a'],
    ] as const) {
      const workspaces = own.split('\n').filter((line) => /^stdout prepared-/.test(line));
      expect(workspaces).toHaveLength(1);
      expect(own).not.toContain(`secret-${other}`);
      expect(own).toContain(`stdout secret-${other === 'a' ? 'b' : 'a'}`);
      // bwrap's init, the shell, ps and its pipe: nothing of the other build (its sleep).
      expect(own).toMatch(/stdout PROCESSES /);
      expect(own).not.toMatch(/PROCESSES .*sleep/);
    }
    const uidOf = (log: string): string | undefined => /stdout UID (\d+)/.exec(log)?.[1];
    expect(uidOf(a)).toBeDefined();
    if (process.getuid?.() === 0) expect(uidOf(a)).not.toBe(uidOf(b));
  });

  it('starts cold a build that does not fit: its own limits, another shell', async () => {
    await slotsReady(prepared, 2);
    const limited = commands('Limited', ['echo "SRC=$CODEBUILD_SRC_DIR"', 'ulimit -u'], { environmentVariables: [{ name: 'PIPEWRIGHT_BUILD_PROCESSES', value: '77' }] });
    const log = (await run(prepared, 'limited', [limited])).get('Limited')!;
    expect(log).toContain('stdout 77');
    // It took the slot's workspace, but not its shell (started with the server's limits): a cold start there.
    expect(adopted(log)).toBe(true);
    expect(log).not.toContain('stdout 1024');
  });

  it('starts cold a CodeBuild build whose buildspec asks for another shell than the prepared one', async () => {
    await slotsReady(prepared, 2);
    await hostedRepository(prepared.dataDir, 'sh-app', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo "SRC=$CODEBUILD_SRC_DIR"\n      - echo "BASH=${BASH_VERSION:-none}"\n' });
    await prepared.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('sh-probe', [{ name: 'Source', actions: [codeCommitSource('sh-app')] }, { name: 'Build', actions: [codeBuild('Sh')] }], { pipelineType: 'V2' }),
      }),
    );
    const executionId = await latestExecutionId(prepared.client, 'sh-probe');
    const execution = await waitForExecution(prepared.client, 'sh-probe', executionId, { timeoutMs: 60_000 });
    const runs = await actionRuns(prepared.client, 'sh-probe', executionId);
    const log = (await actionLog(prepared.dataDir, runs.get('Sh')!.actionExecutionId!)).join('\n');
    expect(execution.status, log).toBe('Succeeded');
    // /bin/sh (dash), as a cold start gives it, in the slot's workspace.
    expect(log).toContain('stdout BASH=none');
    expect(adopted(log)).toBe(true);
  });

  it("runs AWS's multiple input sources and output artifacts sample in a prepared shell, with both artifacts", async () => {
    // A buildspec nobody here wrote (its SOURCE.md names AWS's guide and commit), with a secondary source
    // checked out into the slot's workspace beside the primary one.
    const fixture = join(import.meta.dirname, '..', 'providers', 'codebuild', 'fixtures', 'real-buildspecs', 'aws-multi-input-output', 'buildspec.yml');
    await hostedRepository(prepared.dataDir, 'mio-source1', { 'buildspec.yml': readFileSync(fixture, 'utf8') });
    await hostedRepository(prepared.dataDir, 'mio-source2', { 'README.md': 'source2\n' });
    const build = {
      ...codeBuild('MultiInOut', { input: 'source1', outputs: ['artifact1', 'artifact2'], configuration: { PrimarySource: 'source1' } }),
      inputArtifacts: [{ name: 'source1' }, { name: 'source2' }],
    };
    const sources = [
      { ...codeCommitSource('mio-source1', 'source1', 'Source1'), name: 'Checkout1' },
      { ...codeCommitSource('mio-source2', 'source2', 'Source2'), name: 'Checkout2' },
    ];
    const pipeline = declaration('multi-in-out', [{ name: 'Source', actions: sources }, { name: 'Build', actions: [build] }], { pipelineType: 'V2' });
    // Which way each build's shell started, from the job trace (src/core/job-trace.ts): this server runs in this process.
    const sandboxChosen = new Map<string, string>();
    const onMark = (mark: unknown): void => {
      const { actionExecutionId, step } = mark as JobTraceMark;
      if (step.includes('sandbox chosen')) sandboxChosen.set(actionExecutionId, step);
    };
    subscribe(jobTraceChannel.name, onMark);
    try {
      await prepared.client.send(new CreatePipelineCommand({ pipeline }));
      // The first build tells the pool which shell this action's builds use (the buildspec's /bin/sh).
      const first = await latestExecutionId(prepared.client, 'multi-in-out');
      expect((await waitForExecution(prepared.client, 'multi-in-out', first, { timeoutMs: 60_000 })).status).toBe('Succeeded');
      await eventually(() => (waitingShells(`${join(prepared.dataDir, 'work')}/prepared-`, ['sh', 'dash']) >= 2 ? true : undefined), 'two prepared sh shells', 30_000);
      const second = (await prepared.client.send(new StartPipelineExecutionCommand({ name: 'multi-in-out' }))).pipelineExecutionId!;
      const execution = await waitForExecution(prepared.client, 'multi-in-out', second, { timeoutMs: 60_000 });
      const run = (await actionRuns(prepared.client, 'multi-in-out', second)).get('MultiInOut')!;
      const log = (await actionLog(prepared.dataDir, run.actionExecutionId!)).join('\n');
      expect(execution.status, log).toBe('Succeeded');
      expect(sandboxChosen.get(run.actionExecutionId!)).toMatch(/sandbox chosen \(prepared\)/);
      expect(log).toContain('Artifact artifact1: 1 file');
      expect(log).toContain('Artifact artifact2: 1 file');
      expect(run.output?.outputArtifacts?.map((artifact) => artifact.name).sort()).toEqual(['artifact1', 'artifact2']);
    } finally {
      unsubscribe(jobTraceChannel.name, onMark);
    }
  });

  it('leaves nothing of a build with a prepared shell running after an abandon', async () => {
    await slotsReady(prepared, 2);
    const sleep = uniqueSleep();
    const pipeline = declaration('abandon', [{ name: 'Source', actions: [codeCommitSource('app')] }, { name: 'Probe', actions: [commands('Hang', ['echo "SRC=$CODEBUILD_SRC_DIR"', `sleep ${sleep} & sleep ${sleep}`])] }], {
      pipelineType: 'V2',
    });
    await prepared.client.send(new CreatePipelineCommand({ pipeline }));
    const executionId = await latestExecutionId(prepared.client, 'abandon');
    await eventually(() => (hostProcessesWith(sleep).length === 2 ? true : undefined), 'the build to hang');
    await prepared.client.send(new StopPipelineExecutionCommand({ pipelineName: 'abandon', pipelineExecutionId: executionId, abandon: true }));
    expect((await waitForExecution(prepared.client, 'abandon', executionId)).status).toBe('Stopped');
    await eventually(() => (hostProcessesWith(sleep).length === 0 ? true : undefined), 'the abandoned build’s processes to end');
    const runs = await actionRuns(prepared.client, 'abandon', executionId);
    expect(adopted((await actionLog(prepared.dataDir, runs.get('Hang')!.actionExecutionId!)).join('\n'))).toBe(true);
  });

  it('leaves nothing running, and no prepared workspace, once the server stops', async () => {
    await slotsReady(prepared, 2);
    const marker = `${join(prepared.dataDir, 'work')}/prepared-`;
    expect(hostProcessesWith(marker).length).toBeGreaterThan(0);
    const workspaces = readdirSync(join(prepared.dataDir, 'work')).filter((name) => name.startsWith('prepared-'));
    expect(workspaces.length).toBeGreaterThan(0);
    await prepared.close();
    expect(hostProcessesWith(marker)).toEqual([]);
    for (const name of workspaces) expect(existsSync(join(prepared.dataDir, 'work', name))).toBe(false);
  });
});

/** Prepared shells waiting (or running a build) under `marker`: shell processes (of these names) whose script names it. */
function waitingShells(marker: string, shells: readonly string[] = ['bash', 'sh', 'dash']): number {
  let count = 0;
  for (const pid of hostProcessesWith(marker)) {
    try {
      const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
      if (shells.includes(argv0.split('/').pop() ?? '')) count++;
    } catch {
      // Gone meanwhile.
    }
  }
  return count;
}
