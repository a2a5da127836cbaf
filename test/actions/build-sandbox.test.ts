import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreatePipelineCommand,
  ListPipelinesCommand,
  StopPipelineExecutionCommand,
  type ActionDeclaration,
  type PipelineExecution,
} from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentSandbox } from '../../src/providers/shared/sandbox/current-sandbox.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution, waitForState, stage } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { hostProcessesWith, uniqueSleep } from '../providers/shared/sandbox/host-processes.js';
import { actionLog, actionRuns, latestExecutionId } from './kit/executions.js';
import { eventually } from './kit/wait.js';

/**
 * Builds as an attacker's buildspec would run them: real pipelines on a real server, a Commands action
 * probing its sandbox (README, "Builds in a sandbox"; issue 17). Each probe prints a verdict the test
 * reads from the action's log, and the host is checked too.
 *
 * These probes need bubblewrap, which `.ci/run` installs; the suite says so and stops where it is missing.
 */
const canary = `canary-${uniqueSleep()}`;
const runsAsRoot = process.getuid?.() === 0;

describe.runIf(currentSandbox().status.kind === 'bwrap')('builds in the sandbox', () => {
  let server: TestServer;

  beforeAll(async () => {
    // The server's own environment (its process's, and the one its settings are read from): a secret no
    // build may see, and one variable the operator passes on.
    process.env.CANARY_SECRET = canary;
    // Open to other users (0755), as a server makes it with the usual umask: as root, bwrap starts as the
    // build's uid (sandbox-launcher.test.ts covers the other way, a data directory of mode 0700).
    server = await startTestServer({ env: { CANARY_SECRET: canary, PASSED_ON: 'passed-on-value', PIPEWRIGHT_BUILD_PASS_ENV: 'PASSED_ON' }, prepare: (dir) => chmodSync(dir, 0o755) });
    await hostedRepository(server.dataDir, 'app', { 'app.txt': 'the app\n' });
  });
  afterAll(async () => {
    delete process.env.CANARY_SECRET;
    await server.close();
  });

  function commands(name: string, lines: string[], extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
    return {
      name,
      actionTypeId: { category: 'Compute', owner: 'AWS', provider: 'Commands', version: '1' },
      inputArtifacts: [{ name: 'Src' }],
      commands: lines,
      ...extra,
    };
  }

  async function start(pipelineName: string, actions: ActionDeclaration[]): Promise<string> {
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration(pipelineName, [{ name: 'Source', actions: [codeCommitSource('app')] }, { name: 'Probe', actions }], { pipelineType: 'V2' }),
      }),
    );
    return latestExecutionId(server.client, pipelineName);
  }

  async function run(pipelineName: string, actions: ActionDeclaration[]): Promise<{ execution: PipelineExecution; log: (action: string) => Promise<string> }> {
    const executionId = await start(pipelineName, actions);
    const execution = await waitForExecution(server.client, pipelineName, executionId, { timeoutMs: 60_000 });
    const runs = await actionRuns(server.client, pipelineName, executionId);
    return {
      execution,
      log: async (action) => (await actionLog(server.dataDir, runs.get(action)!.actionExecutionId!)).join('\n'),
    };
  }

  it('shows a build only the environment CodeBuild documents, never the server’s', async () => {
    const { execution, log } = await run('env-probe', [commands('Env', ['env | sort'], { environmentVariables: [{ name: 'FROM_ACTION', value: 'action-value' }] })]);
    expect(execution.status, execution.statusSummary).toBe('Succeeded');
    const text = await log('Env');
    expect(text).not.toContain(canary);
    expect(text).not.toContain('PIPEWRIGHT_DATA_DIR');
    expect(text).toContain('stdout CODEBUILD_BUILD_ID=');
    expect(text).toContain('stdout FROM_ACTION=action-value');
    expect(text).toContain('stdout PASSED_ON=passed-on-value');
    expect(text).toMatch(/stdout PATH=/);
  });

  it('runs a build as the unprivileged build user, without new privileges', async () => {
    const nested = 'if unshare -U true 2>/dev/null; then echo "USERNS made"; else echo "USERNS refused"; fi';
    const { execution, log } = await run('id-probe', [commands('Id', ['id', 'grep NoNewPrivs /proc/self/status', 'cat /proc/self/uid_map', nested])]);
    expect(execution.status, execution.statusSummary).toBe('Succeeded');
    const text = await log('Id');
    if (runsAsRoot) {
      // A uid of its own from PIPEWRIGHT_BUILD_UIDS, its gid the same number, no other group.
      const uid = Number(/stdout uid=(\d+)\(build\) gid=\1\(build\) groups=\1\(build\)/.exec(text)?.[1]);
      expect(uid).toBeGreaterThanOrEqual(2_000_000_000);
      expect(uid).toBeLessThanOrEqual(2_000_000_999);
      expect(text).toMatch(/stdout NoNewPrivs:\s+1/);
      // bwrap started as that uid: a user namespace that maps it alone (root is nobody there), and no other can be made.
      expect(text).toMatch(new RegExp(`stdout\\s*${uid}\\s+\\d+\\s+1$`, 'm'));
      expect(text).toContain('stdout USERNS refused');
    } else {
      expect(text).toContain(`stdout uid=${process.getuid?.()}(build)`);
    }
    expect(text).toContain('system Sandbox: bubblewrap');
  });

  it('runs a buildspec’s run-as build under the run-as name', async () => {
    // run-as names a host user (CodeBuild: "the Linux user that runs the commands"); daemon is in every
    // Debian passwd. The sandbox's build user takes the name.
    await hostedRepository(server.dataDir, 'run-as-app', { 'buildspec.yml': 'version: 0.2\nrun-as: daemon\nphases:\n  build:\n    commands:\n      - whoami\n      - echo "USER=$USER"\n' });
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('run-as-probe', [{ name: 'Source', actions: [codeCommitSource('run-as-app')] }, { name: 'Build', actions: [codeBuild('RunAs')] }], { pipelineType: 'V2' }),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'run-as-probe');
    const execution = await waitForExecution(server.client, 'run-as-probe', executionId, { timeoutMs: 60_000 });
    const runs = await actionRuns(server.client, 'run-as-probe', executionId);
    const text = (await actionLog(server.dataDir, runs.get('RunAs')!.actionExecutionId!)).join('\n');
    expect(execution.status, `${execution.statusSummary}\n${text}`).toBe('Succeeded');
    expect(text).toContain('system Running as daemon, in the sandbox');
    if (runsAsRoot) expect(text).toMatch(/system Sandbox: bubblewrap, user daemon \(uid (\d+), gid \1, this build's own\)/);
    else expect(text).toContain("system Sandbox: bubblewrap, the server's user as daemon");
    expect(text).toContain('stdout daemon');
    expect(text).toContain('stdout USER=daemon');
  });

  it('notes the project’s environment image in the log and runs the build in the host sandbox', async () => {
    // CodeBuild's ProjectEnvironment, with the values its API reference gives as examples
    // (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectEnvironment.html).
    mkdirSync(join(server.dataDir, 'projects'), { recursive: true });
    writeFileSync(
      join(server.dataDir, 'projects', 'Imaged.yml'),
      'environment:\n  type: LINUX_CONTAINER\n  image: aws/codebuild/standard:4.0\n  computeType: BUILD_GENERAL1_SMALL\n  privilegedMode: false\nbuildspec:\n  version: 0.2\n  phases:\n    build:\n      commands:\n        - echo "built by $(id -un)"\n',
    );
    await server.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('image-probe', [{ name: 'Source', actions: [codeCommitSource('app')] }, { name: 'Build', actions: [codeBuild('Imaged')] }], { pipelineType: 'V2' }),
      }),
    );
    const executionId = await latestExecutionId(server.client, 'image-probe');
    const execution = await waitForExecution(server.client, 'image-probe', executionId, { timeoutMs: 60_000 });
    const runs = await actionRuns(server.client, 'image-probe', executionId);
    const text = (await actionLog(server.dataDir, runs.get('Imaged')!.actionExecutionId!)).join('\n');
    expect(execution.status, `${execution.statusSummary}\n${text}`).toBe('Succeeded');
    expect(text).toContain(
      "system Environment image aws/codebuild/standard:4.0: not run, no container engine runs builds here; the build runs in this host's sandbox (bubblewrap), with the host's tools",
    );
    expect(text).toContain('stdout built by build');
  });

  it('hides the data directory and other builds’ workspaces, and lets a build write only its workspace and /tmp', async () => {
    const dataDir = server.dataDir;
    const otherWorkspace = join(dataDir, 'work', 'another-build');
    mkdirSync(otherWorkspace, { recursive: true });
    writeFileSync(join(otherWorkspace, 'secret.txt'), 'another build’s secret\n');
    // Each probe prints its verdict: the attempt must fail for the verdict to be the safe one.
    const probe = (what: string, attempt: string): string => `if ${attempt} >/dev/null 2>&1; then echo "BREACH ${what}"; else echo "REFUSED ${what}"; fi`;
    const lines = [
      probe('read-database', `cat ${join(dataDir, 'pipewright.db')}`),
      probe('list-data-dir', `ls ${join(dataDir, 'repos')}`),
      probe('read-other-workspace', `cat ${join(otherWorkspace, 'secret.txt')}`),
      probe('read-shadow', 'cat /etc/shadow'),
      probe('write-data-dir', `touch ${join(dataDir, 'planted')}`),
      probe('write-usr', 'touch /usr/local/planted-by-a-build'),
      probe('write-etc', 'touch /etc/planted-by-a-build'),
      probe('write-root-home', 'touch /root/planted-by-a-build'),
      probe('write-control-dir', 'touch "$(dirname "$CODEBUILD_SRC_DIR")/../build/process-groups"'),
      probe('signal-server', `kill -0 ${process.pid}`),
      'echo written > "$CODEBUILD_SRC_DIR/mine.txt" && cat "$CODEBUILD_SRC_DIR/mine.txt"',
      'echo scratch > /tmp/scratch && cat /tmp/scratch',
    ];
    // A link to the database taken as an artifact: the server would read it with its own rights.
    lines.push(`ln -s ${join(dataDir, 'pipewright.db')} db.txt`, 'echo mine > ok.txt');
    const { execution, log } = await run('fs-probe', [commands('Files', lines, { outputArtifacts: [{ name: 'Out', files: ['db.txt', 'ok.txt'] }] })]);
    expect(execution.status, execution.statusSummary).toBe('Succeeded');
    const text = await log('Files');
    expect(text).not.toMatch(/stdout BREACH/);
    for (const what of ['read-database', 'list-data-dir', 'read-other-workspace', 'read-shadow', 'write-data-dir', 'write-usr', 'write-etc', 'write-root-home', 'write-control-dir', 'signal-server']) {
      expect(text).toContain(`stdout REFUSED ${what}`);
    }
    expect(text).toContain(`system Artifact Out: Skipping db.txt: it links to ${join(dataDir, 'pipewright.db')}, outside the build's sources`);
    expect(text).toContain('system Artifact Out: 1 file');
    expect(text).toContain('stdout written');
    expect(text).toContain('stdout scratch');
    expect(existsSync(join(dataDir, 'planted'))).toBe(false);
    expect(existsSync('/usr/local/planted-by-a-build')).toBe(false);
    expect(existsSync('/etc/planted-by-a-build')).toBe(false);
    expect(existsSync('/root/planted-by-a-build')).toBe(false);
  });

  it('contains a fork bomb, a memory hog, a huge file and a busy loop with the limits the action sets, and keeps serving', async () => {
    const limits = [
      { name: 'PIPEWRIGHT_BUILD_PROCESSES', value: '40' },
      { name: 'PIPEWRIGHT_BUILD_MEMORY_MB', value: '64' },
      { name: 'PIPEWRIGHT_BUILD_FILE_SIZE_MB', value: '1' },
    ];
    const sleep = uniqueSleep();
    // A bomb of sleepers: it stops growing at the process limit, the shell says it cannot fork (bash
    // retries, as a real bomb would), the server keeps serving, and an abandon ends it all.
    const bombId = await start('bomb-probe', [commands('Bomb', [`i=0; while [ $i -lt 200 ]; do sleep ${sleep} & i=$((i+1)); done`], { environmentVariables: limits })]);
    const bombLog = async (): Promise<string> => {
      const action = (await actionRuns(server.client, 'bomb-probe', bombId)).get('Bomb');
      return action?.actionExecutionId === undefined ? '' : (await actionLog(server.dataDir, action.actionExecutionId)).join('\n');
    };
    const bomb = await eventually(async () => {
      const text = await bombLog();
      return /Resource temporarily unavailable|Cannot fork/.test(text) ? text : undefined;
    }, 'the bomb to reach the process limit');
    expect(bomb).toContain('40 processes');
    expect(hostProcessesWith(sleep).length).toBeLessThan(40);
    expect((await server.client.send(new ListPipelinesCommand({}))).pipelines?.length).toBeGreaterThan(0);
    await server.client.send(new StopPipelineExecutionCommand({ pipelineName: 'bomb-probe', pipelineExecutionId: bombId, abandon: true }));
    await eventually(() => (hostProcessesWith(sleep).length === 0 ? true : undefined), 'the bomb to end with its build');

    const { execution, log } = await run('limits-probe', [
      commands('Hog', [`perl -e '$x = "x" x (512 * 1024 * 1024); print "allocated\\n"'`], { environmentVariables: limits }),
      commands('Disk', ['head -c 5000000 /dev/zero > big.bin'], { environmentVariables: limits }),
      commands('Spin', ['sh -c "while :; do :; done"'], { environmentVariables: [...limits, { name: 'PIPEWRIGHT_BUILD_CPU_SECONDS', value: '1' }] }),
    ]);
    expect(execution.status).toBe('Failed');
    const hog = await log('Hog');
    expect(hog).toContain('memory 64 MiB per process');
    expect(hog).toContain('Out of memory');
    expect(hog).not.toContain('stdout allocated');
    const disk = await log('Disk');
    const spin = await log('Spin');
    expect(spin).toContain('[Pipewright sandbox] The command was killed by SIGXCPU: a process used up its CPU time limit (1 s; set PIPEWRIGHT_BUILD_CPU_SECONDS in the project or action to change it)');
    expect(disk).toContain('[Pipewright sandbox] The command was killed by SIGXFSZ: a file grew past the file size limit (1 MiB; set PIPEWRIGHT_BUILD_FILE_SIZE_MB in the project or action to change it)');
  });

  it('keeps each server’s own sandbox settings when two servers share a process', async () => {
    const other = await startTestServer({ env: { PIPEWRIGHT_BUILD_SANDBOX: 'off' } });
    try {
      await hostedRepository(other.dataDir, 'app', { 'app.txt': 'the app\n' });
      await other.client.send(
        new CreatePipelineCommand({
          pipeline: declaration('off-probe', [{ name: 'Source', actions: [codeCommitSource('app')] }, { name: 'Probe', actions: [commands('Where', ['true'])] }], { pipelineType: 'V2' }),
        }),
      );
      const otherId = await latestExecutionId(other.client, 'off-probe');
      expect((await waitForExecution(other.client, 'off-probe', otherId, { timeoutMs: 60_000 })).status).toBe('Succeeded');
      const otherRun = (await actionRuns(other.client, 'off-probe', otherId)).get('Where')!;
      expect((await actionLog(other.dataDir, otherRun.actionExecutionId!)).join('\n')).toContain('system Not sandboxed (PIPEWRIGHT_BUILD_SANDBOX=off)');
      // This file's server, started first, still runs its builds in the sandbox.
      const { execution, log } = await run('still-sandboxed', [commands('Where', ['true'])]);
      expect(execution.status).toBe('Succeeded');
      expect(await log('Where')).toContain('system Sandbox: bubblewrap');
    } finally {
      await other.close();
    }
  });

  it('leaves nothing running after an abandon and after a timeout', async () => {
    const abandoned = uniqueSleep();
    const abandonId = await start('abandon-probe', [commands('Hang', [`sleep ${abandoned} & sleep ${abandoned}`])]);
    await eventually(() => (hostProcessesWith(abandoned).length === 2 ? true : undefined), 'the build to hang');
    await server.client.send(new StopPipelineExecutionCommand({ pipelineName: 'abandon-probe', pipelineExecutionId: abandonId, abandon: true }));
    expect((await waitForExecution(server.client, 'abandon-probe', abandonId)).status).toBe('Stopped');
    await eventually(() => (hostProcessesWith(abandoned).length === 0 ? true : undefined), 'the abandoned build’s processes to end');

    const timedOut = uniqueSleep();
    const timeoutId = await start('timeout-probe', [commands('Hang', [`sleep ${timedOut} & sleep ${timedOut}`])]);
    await eventually(() => (hostProcessesWith(timedOut).length === 2 ? true : undefined), 'the build to hang');
    await waitForState(server.client, 'timeout-probe', (states) => stage(states, 'Probe').actionStates?.[0]?.latestExecution?.status === 'InProgress', 'the action to run');
    await server.passTime(['timeout-probe'], 56 * 60_000);
    expect((await waitForExecution(server.client, 'timeout-probe', timeoutId)).status).toBe('Failed');
    await eventually(() => (hostProcessesWith(timedOut).length === 0 ? true : undefined), 'the timed-out build’s processes to end');
  });
});
