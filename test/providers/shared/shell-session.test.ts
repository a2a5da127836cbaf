import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BuildProcesses } from '../../../src/providers/shared/build-processes.js';
import { runCommandList } from '../../../src/providers/shared/command-list.js';
import type { ShellState } from '../../../src/providers/shared/env-state.js';
import { processGroupsFile } from '../../../src/providers/shared/leftover-builds.js';
import { groupHasLiveMembers } from '../../../src/providers/shared/process-identity.js';
import { runShellSession, type SessionListener } from '../../../src/providers/shared/shell-session.js';

let workspace: string;
let controlDir: string;
let srcDir: string;
let processes: BuildProcesses;

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'pw-shell-'));
  controlDir = join(workspace, 'build');
  srcDir = join(workspace, 'src');
  mkdirSync(controlDir, { recursive: true });
  mkdirSync(srcDir);
  processes = new BuildProcesses(processGroupsFile(workspace));
});
afterEach(async () => {
  await processes.terminate(1000);
  rmSync(workspace, { recursive: true, force: true });
});

function initialState(): ShellState {
  return { cwd: srcDir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } };
}

/** Records what a session reports, in the order it reports it. */
function recorder(): SessionListener & { events: string[]; stdout: () => string } {
  const events: string[] = [];
  let out = '';
  return {
    events,
    stdout: () => out,
    output: (stream, chunk) => {
      if (stream === 'stdout') out += chunk.toString();
      // Chunking is the pipe's business: consecutive output of one stream counts as one event.
      const last = events.length - 1;
      if (events[last]?.startsWith(`${stream}:`)) events[last] += chunk.toString();
      else events.push(`${stream}:${chunk.toString()}`);
    },
    commandStarted: (index) => events.push(`start ${index}`),
    commandEnded: (index, code) => events.push(`end ${index} ${code}`),
  };
}

describe('runShellSession', () => {
  it('carries the directory, variables and functions from one command to the next, and saves the state', async () => {
    const listener = recorder();
    const result = await runShellSession({
      shell: '/bin/sh',
      commands: ['mkdir -p sub && cd sub', 'export GREETING=hello; LOCAL=only-here', 'f() { echo "f:$1"; }', 'echo "$GREETING $LOCAL $(pwd)"; f x'],
      state: initialState(),
      controlDir,
      processes,
      listener,
    });
    expect(result.exitCodes).toEqual([0, 0, 0, 0]);
    expect(listener.stdout()).toBe(`hello only-here ${join(srcDir, 'sub')}\nf:x\n`);
    // Only exported variables survive the session; the shell's own bookkeeping does not.
    expect(result.state?.cwd).toBe(join(srcDir, 'sub'));
    expect(result.state?.env.GREETING).toBe('hello');
    expect(result.state?.env.LOCAL).toBeUndefined();
    expect(result.state?.env.SHLVL).toBeUndefined();
  });

  it('stops at the first failing command with its exit code, still saving the state', async () => {
    const listener = recorder();
    const result = await runShellSession({
      shell: '/bin/sh',
      commands: ['export A=1', 'sh -c "exit 3"', 'echo never'],
      state: initialState(),
      controlDir,
      processes,
      listener,
    });
    expect(result.exitCodes).toEqual([0, 3]);
    expect(listener.events).toEqual(['start 0', 'end 0 0', 'start 1', 'end 1 3']);
    expect(result.state?.env.A).toBe('1');
  });

  it('puts markers exactly between the output before and after them, even output without a newline', async () => {
    const listener = recorder();
    await runShellSession({
      shell: '/bin/sh',
      commands: ["printf 'no newline'", "printf '\\001 not a marker\\n'", 'echo after'],
      state: initialState(),
      controlDir,
      processes,
      listener,
    });
    expect(listener.events.join('|')).toBe(
      'start 0|stdout:no newline|end 0 0|start 1|stdout:\x01 not a marker\n|end 1 0|start 2|stdout:after\n|end 2 0',
    );
  });

  it("takes a command's own exit or a syntax error as that command's exit code", async () => {
    const exits = await runShellSession({ shell: '/bin/sh', commands: ['echo a', 'exit 7', 'echo b'], state: initialState(), controlDir, processes, listener: recorder() });
    expect(exits.exitCodes).toEqual([0, 7]);
    const syntax = await runShellSession({ shell: '/bin/sh', commands: ['echo a', 'if then fi )', 'echo b'], state: initialState(), controlDir, processes, listener: recorder() });
    expect(syntax.exitCodes).toEqual([0, 2]);
  });

  it('runs under bash when asked, with bash syntax', async () => {
    const listener = recorder();
    const result = await runShellSession({
      shell: 'bash',
      commands: ['declare -a list=(one two)', 'echo "${list[1]} ${BASH_VERSION%%.*}"'],
      state: initialState(),
      controlDir,
      processes,
      listener,
    });
    expect(result.exitCodes).toEqual([0, 0]);
    expect(listener.stdout()).toMatch(/^two \d+\n$/);
  });

  it('returns when the shell ends even if a daemon it started still holds its output, and keeps logging that output', async () => {
    const listener = recorder();
    const result = await runShellSession({
      shell: '/bin/sh',
      commands: ['(sleep 0.3; echo from-daemon; sleep 600) &', 'echo $! > daemon.pid'],
      state: initialState(),
      controlDir,
      processes,
      listener,
    });
    expect(result.exitCodes).toEqual([0, 0]);
    expect(processes.groups.anyAlive()).toBe(true);
    await expect.poll(() => listener.stdout(), { timeout: 10_000 }).toContain('from-daemon');
    await processes.terminate(1000);
    expect(processes.groups.anyAlive()).toBe(false);
  });
});

describe('runCommandList', () => {
  it('goes on in a new session after a command ends its shell with success, in the state it left', async () => {
    const listener = recorder();
    const result = await runCommandList({
      shell: '/bin/sh',
      commands: ['export STEP=one; mkdir -p d; cd d', 'exit 0', 'echo "$STEP $(basename "$PWD")"', 'false', 'echo never'],
      state: initialState(),
      fallbackCwd: srcDir,
      controlDir,
      processes,
      listener,
      signal: new AbortController().signal,
    });
    expect(result.exitCodes).toEqual([0, 0, 0, 1]);
    expect(listener.stdout()).toBe('one d\n');
    expect(result.state.cwd).toBe(join(srcDir, 'd'));
  });

  it('runs in the fallback directory when the one left behind is gone', async () => {
    const listener = recorder();
    const result = await runCommandList({
      shell: '/bin/sh',
      commands: ['pwd'],
      state: { ...initialState(), cwd: join(srcDir, 'removed') },
      fallbackCwd: srcDir,
      controlDir,
      processes,
      listener,
      signal: new AbortController().signal,
    });
    expect(result.exitCodes).toEqual([0]);
    expect(listener.stdout()).toBe(`${srcDir}\n`);
  });
});

describe('BuildProcesses.terminate', () => {
  it('kills the whole tree, SIGKILL for what ignores SIGTERM', async () => {
    const listener = recorder();
    const running = runShellSession({
      shell: '/bin/sh',
      commands: ["sh -c 'trap \"\" TERM; while :; do sleep 1; done' & echo started; wait"],
      state: initialState(),
      controlDir,
      processes,
      listener,
    });
    await expect.poll(() => listener.stdout(), { timeout: 10_000 }).toContain('started');
    const [pgid] = (await import('node:fs')).readFileSync(processGroupsFile(workspace), 'utf8').split(' ').map(Number);
    expect(groupHasLiveMembers(pgid!)).toBe(true);
    await processes.terminate(200);
    const result = await running;
    expect(result.shellExit.signal).toBe('SIGTERM');
    expect(groupHasLiveMembers(pgid!)).toBe(false);
  });
});
