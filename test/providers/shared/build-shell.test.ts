import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BuildProcesses } from '../../../src/providers/shared/build-processes.js';
import { BuildShell, type CommandListener } from '../../../src/providers/shared/build-shell.js';
import { processGroupsFile } from '../../../src/providers/shared/leftover-builds.js';
import { groupHasLiveMembers } from '../../../src/providers/shared/process-identity.js';
import { currentSandbox } from '../../../src/providers/shared/sandbox/current-sandbox.js';
import { SandboxLauncher } from '../../../src/providers/shared/sandbox/sandbox-launcher.js';
import { readSandboxSettings } from '../../../src/providers/shared/sandbox/sandbox-settings.js';
import { hostProcessesWith, uniqueSleep } from './sandbox/host-processes.js';

let workspace: string;
let srcDir: string;
let processes: BuildProcesses;
let events: string[];
let stdout: string;
const never = new AbortController().signal;
/** The pre-sandbox contract, still what a server with PIPEWRIGHT_BUILD_SANDBOX=off gives. */
const unsandboxed = new SandboxLauncher(readSandboxSettings({ PIPEWRIGHT_BUILD_SANDBOX: 'off' }), { loopbackOnly: true });

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'pw-shell-'));
  srcDir = join(workspace, 'src');
  mkdirSync(join(workspace, 'build'), { recursive: true });
  mkdirSync(srcDir);
  processes = new BuildProcesses(join(workspace, 'build'));
  events = [];
  stdout = '';
});
afterEach(async () => {
  await processes.terminate(1000);
  rmSync(workspace, { recursive: true, force: true });
});

function shell(name: '/bin/sh' | 'bash' = '/bin/sh', cwd = srcDir): BuildShell {
  return new BuildShell({
    shell: name,
    state: { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
    fallbackCwd: srcDir,
    controlDir: join(workspace, 'build'),
    processes,
    output: (stream, chunk) => {
      if (stream === 'stdout') stdout += chunk.toString();
      // Chunking is the pipe's business: consecutive output of one stream counts as one event.
      const last = events.length - 1;
      if (events[last]?.startsWith(`${stream}:`)) events[last] += chunk.toString();
      else events.push(`${stream}:${chunk.toString()}`);
    },
  });
}

const listener: CommandListener = {
  commandStarted: (index) => events.push(`start ${index}`),
  commandEnded: (index, code) => events.push(`end ${index} ${code}`),
};

/** In the sandbox a shell's processes are in the group of the sandbox's leader, recorded beside bwrap's own. */
const groupsPerShell = currentSandbox().status.kind === 'bwrap' ? 2 : 1;

function groups(): number[] {
  return readFileSync(processGroupsFile(workspace), 'utf8').trim().split('\n').map((line) => Number(line.split(' ')[0]));
}

describe('BuildShell', () => {
  it('keeps one shell for the build: directory, variables and functions carry across commands and lists', async () => {
    const build = shell();
    expect(await build.run(['mkdir -p sub && cd sub', 'export GREETING=hello; LOCAL=kept', 'f() { echo "f:$1"; }'], listener, never)).toEqual([0, 0, 0]);
    expect(await build.run(['echo "$GREETING $LOCAL $(basename "$PWD")"; f x'], listener, never, { CODEBUILD_BUILD_SUCCEEDING: '0' })).toEqual([0]);
    expect(await build.run(['echo "ok=$CODEBUILD_BUILD_SUCCEEDING"'], listener, never)).toEqual([0]);
    expect(stdout).toBe('hello kept sub\nf:x\nok=0\n');
    const state = await build.currentState();
    expect(state.cwd).toBe(join(srcDir, 'sub'));
    expect(state.env.GREETING).toBe('hello');
    // Only exported variables are state to hand over; the shell's own bookkeeping is not.
    expect(state.env.LOCAL).toBeUndefined();
    expect(state.env.SHLVL).toBeUndefined();
    await build.close();
    await processes.terminate(1000);
    expect(groups()).toHaveLength(groupsPerShell);
  });

  it('stops a list at the first failing command, with its exit code, and goes on with the next list', async () => {
    const build = shell();
    expect(await build.run(['export A=1', 'sh -c "exit 3"', 'echo never'], listener, never)).toEqual([0, 3]);
    expect(events).toEqual(['start 0', 'end 0 0', 'start 1', 'end 1 3']);
    expect(await build.run(['echo "A=$A"'], listener, never)).toEqual([0]);
    expect(stdout).toBe('A=1\n');
    await build.close();
  });

  it('puts markers exactly between the output before and after them, even output without a newline', async () => {
    const build = shell();
    await build.run(["printf 'no newline'", "printf '\\001 not a marker\\n'", 'echo after'], listener, never);
    expect(events.join('|')).toBe('start 0|stdout:no newline|end 0 0|start 1|stdout:\x01 not a marker\n|end 1 0|start 2|stdout:after\n|end 2 0');
    await build.close();
  });

  it("takes a command's own exit, return or syntax error as its exit code, and a new shell takes over in the state left", async () => {
    const build = shell();
    expect(await build.run(['export STEP=one; mkdir -p d; cd d', 'exit 0', 'echo "$STEP $(basename "$PWD")"', 'exit 7', 'echo never'], listener, never)).toEqual([0, 0, 0, 7]);
    expect(stdout).toBe('one d\n');
    expect(await build.run(['echo a', 'if then fi )', 'echo b'], listener, never)).toEqual([0, 2]);
    expect(await build.run(['return 4', 'echo no'], listener, never)).toEqual([4]);
    expect(await build.run(['echo "still $STEP in $(basename "$PWD")"'], listener, never)).toEqual([0]);
    expect(stdout).toBe('one d\na\nstill one in d\n');
    // Each shell that took over led a process group of its own (a sandbox's leader gone before it was
    // learnt is not recorded: nothing of it is left to end).
    expect(groups().length).toBeGreaterThanOrEqual(4);
    expect(groups().length).toBeLessThanOrEqual(4 * groupsPerShell);
    await build.close();
  });

  it('starts a new shell in the source directory when the one a command left is gone', async () => {
    const build = shell('/bin/sh', join(srcDir, 'missing'));
    expect(await build.run(['pwd'], listener, never)).toEqual([0]);
    expect(stdout).toBe(`${srcDir}\n`);
    await build.close();
  });

  it('gives commands no input: a command reading stdin or fd 3 cannot eat the scripts that follow', async () => {
    const build = shell();
    expect(await build.run(['cat; echo "cat done"', 'cat <&3 2>/dev/null || echo "no fd 3"'], listener, never)).toEqual([0, 0]);
    expect(await build.run(['echo next'], listener, never)).toEqual([0]);
    expect(stdout).toBe('cat done\nno fd 3\nnext\n');
    await build.close();
  });

  it('runs under bash when asked, with bash syntax', async () => {
    const build = shell('bash');
    expect(await build.run(['declare -a list=(one two)', 'echo "${list[1]} ${BASH_VERSION%%.*}"'], listener, never)).toEqual([0, 0]);
    expect(stdout).toMatch(/^two \d+\n$/);
    await build.close();
  });

  it('goes on while a daemon a command started holds the output, logging it until the build ends it (unsandboxed)', async () => {
    processes = new BuildProcesses(join(workspace, 'build'), { sandbox: unsandboxed });
    const build = shell();
    expect(await build.run(['(sleep 0.3; echo from-daemon; sleep 600) &', 'echo started'], listener, never)).toEqual([0, 0]);
    await build.close();
    expect(processes.groups.anyAlive()).toBe(true);
    await expect.poll(() => stdout, { timeout: 10_000 }).toContain('from-daemon');
    await processes.terminate(1000);
    expect(processes.groups.anyAlive()).toBe(false);
  });

  it('in the sandbox, ends a daemon a command started with the shell, its output logged', async () => {
    if (currentSandbox().status.kind !== 'bwrap') return;
    const sleep = uniqueSleep();
    const build = shell();
    const commands = [`(echo from-daemon; touch "$HOME/daemon-ready"; exec sleep ${sleep}) &`, 'while [ ! -f "$HOME/daemon-ready" ]; do sleep 0.01; done; echo started'];
    expect(await build.run(commands, listener, never)).toEqual([0, 0]);
    // The file is made before the exec: the sleep may show a moment after it.
    await expect.poll(() => hostProcessesWith(sleep), { timeout: 10_000 }).toHaveLength(1);
    await build.close();
    expect(stdout).toContain('from-daemon');
    await expect.poll(() => hostProcessesWith(sleep), { timeout: 10_000 }).toEqual([]);
  });

  it('is ended with its whole tree by terminate, SIGKILL for what ignores SIGTERM', async () => {
    const build = shell();
    const controller = new AbortController();
    const running = build.run(["sh -c 'trap \"\" TERM; while :; do sleep 1; done' & echo started; wait"], listener, controller.signal);
    await expect.poll(() => stdout, { timeout: 10_000 }).toContain('started');
    const [pgid] = groups();
    expect(groupHasLiveMembers(pgid!)).toBe(true);
    controller.abort('abandoned');
    await processes.terminate(200);
    expect(await running).toEqual([143]);
    expect(groupHasLiveMembers(pgid!)).toBe(false);
  });
});
