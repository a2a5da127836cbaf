import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processSpawnerPid, spawnProcess } from '../../../../src/providers/shared/spawner/process-spawner.js';
import { spawnDirectly, type SpawnedProcess } from '../../../../src/providers/shared/spawner/spawned-process.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
let dir: string;
const strays: SpawnedProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-spawner-'));
});
afterAll(() => {
  for (const stray of strays) {
    try {
      process.kill(stray.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function sh(script: string, stdio: Parameters<typeof spawnProcess>[0]['stdio'] = ['ignore', 'pipe', 'pipe']): Promise<SpawnedProcess> {
  return spawnProcess({ file: 'sh', args: ['-c', script], env, stdio });
}

function collect(pipe: Socket | null | undefined): () => string {
  const chunks: Buffer[] = [];
  pipe?.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

/** /proc/<pid>/stat: the fields after the command's name (state is [0], ppid [1], pgrp [2]). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

describe('spawnProcess', () => {
  it('starts processes from the spawner, never from this process, each detached one leading its own group', async () => {
    const spawner = await processSpawnerPid();
    expect(spawner).toBeGreaterThan(0);
    expect(spawner).not.toBe(process.pid);
    const child = await spawnProcess({ file: 'sleep', args: ['30'], env, detached: true, stdio: ['ignore', 'ignore', 'ignore'] });
    strays.push(child);
    const [, ppid, pgrp] = statFields(child.pid);
    expect(Number(ppid)).toBe(spawner);
    expect(Number(pgrp)).toBe(child.pid);
    child.kill('SIGKILL');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('reports exit codes and signals as Node does', async () => {
    expect(await (await sh('exit 7')).closed).toEqual({ code: 7, signal: null });
    expect(await (await sh('kill -TERM $$')).closed).toEqual({ code: null, signal: 'SIGTERM' });
    const sleeper = await sh('sleep 30');
    sleeper.kill();
    expect(await sleeper.closed).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('rejects with the error Node gives when the program cannot start (ENOENT)', async () => {
    const options = { file: 'pipewright-no-such-program', args: [], env, stdio: ['ignore', 'pipe', 'pipe'] as const };
    const direct = await spawnDirectly(options).catch((error: NodeJS.ErrnoException) => error);
    const viaSpawner = await spawnProcess(options).catch((error: NodeJS.ErrnoException) => error);
    expect(viaSpawner).toBeInstanceOf(Error);
    expect(viaSpawner).toMatchObject({ code: 'ENOENT', syscall: 'spawn pipewright-no-such-program', message: (direct as Error).message });
    // A missing working directory too.
    await expect(spawnProcess({ ...options, file: 'true', cwd: join(dir, 'missing') })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('hands over the pipes whole: every byte written before and after the handles moved', async () => {
    // Many at once, each writing both pipes at once and at length: handles are passed one at a time,
    // so output is waiting in most pipes while their handles wait their turn.
    const children = await Promise.all(Array.from({ length: 12 }, () => sh('echo first; echo first >&2; head -c 300000 /dev/zero | tr "\\0" o; head -c 20000 /dev/zero | tr "\\0" e >&2')));
    const outputs = children.map((child) => ({ stdout: collect(child.stdio[1]), stderr: collect(child.stdio[2]) }));
    for (const child of children) expect(await child.closed).toEqual({ code: 0, signal: null });
    for (const { stdout, stderr } of outputs) {
      expect(stdout()).toBe(`first\n${'o'.repeat(300_000)}`);
      expect(stderr()).toBe(`first\n${'e'.repeat(20_000)}`);
    }
  });

  it('gives a pipe to write to on fd 3 and one to read from on fd 4', async () => {
    const child = await sh('read line <&3; echo "got $line" >&4', ['ignore', 'ignore', 'ignore', 'pipe', 'pipe']);
    const answer = collect(child.stdio[4]);
    child.stdio[3]!.end('hello\n');
    expect(await child.closed).toEqual({ code: 0, signal: null });
    expect(answer()).toBe('got hello\n');
  });

  it('opens output files as asked: appended to, by the child and what it starts', async () => {
    const out = join(dir, 'output.out');
    writeFileSync(out, 'before\n');
    const child = await sh('echo one; (echo two) ; echo three >&2', ['ignore', { path: out, flags: 'a' }, { path: out, flags: 'a' }]);
    expect(await child.closed).toEqual({ code: 0, signal: null });
    expect(readFileSync(out, 'utf8')).toBe('before\none\ntwo\nthree\n');
  });

  it('gives the child only the environment asked for', async () => {
    process.env.PIPEWRIGHT_SPAWNER_CANARY = 'server-only';
    try {
      const child = await spawnProcess({ file: '/usr/bin/env', args: [], env: { ONLY: 'this' }, stdio: ['ignore', 'pipe', 'ignore'] });
      const output = collect(child.stdio[1]);
      await child.closed;
      expect(output()).toBe('ONLY=this\n');
    } finally {
      delete process.env.PIPEWRIGHT_SPAWNER_CANARY;
    }
  });

  it.runIf(process.getuid?.() === 0)('starts the process as the uid and gid asked for', async () => {
    const child = await spawnProcess({ file: 'sh', args: ['-c', 'id -u; id -g'], env, uid: 65534, gid: 65533, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collect(child.stdio[1]);
    expect(await child.closed).toEqual({ code: 0, signal: null });
    expect(output()).toBe('65534\n65533\n');
  });

  it('starts a new spawner at the next spawn once the last one died; what it was running has an unknown end', async () => {
    const before = await processSpawnerPid();
    const orphan = await spawnProcess({ file: 'sleep', args: ['30'], env, stdio: ['ignore', 'ignore', 'ignore'] });
    strays.push(orphan);
    process.kill(before!, 'SIGKILL');
    await expect(orphan.exited).rejects.toThrow(/process spawner .* stopped.*how sleep \(pid \d+\) ends is unknown/);
    const child = await sh('echo again');
    const output = collect(child.stdio[1]);
    expect(await child.closed).toEqual({ code: 0, signal: null });
    expect(output()).toBe('again\n');
    const after = await processSpawnerPid();
    expect(after).not.toBe(before);
    const sleeper = await spawnProcess({ file: 'sleep', args: ['30'], env, stdio: ['ignore', 'ignore', 'ignore'] });
    strays.push(sleeper);
    expect(Number(statFields(sleeper.pid)[1])).toBe(after);
    sleeper.kill('SIGKILL');
    await sleeper.exited;
  });

  it('ends with the process it serves, even one killed with SIGKILL', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'spawner-parent.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const output = collect(parent.stdout as Socket);
    await expect.poll(output, { timeout: 30_000 }).toMatch(/^spawner \d+\n/);
    const spawner = Number(/^spawner (\d+)/.exec(output())![1]);
    expect(statFields(spawner)[0]).not.toBe('Z');
    parent.kill('SIGKILL');
    await expect.poll(() => {
      try {
        return statFields(spawner)[0] === 'Z';
      } catch {
        return true;
      }
    }, { timeout: 10_000 }).toBe(true);
  });
});
