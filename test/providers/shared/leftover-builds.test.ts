import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { killLeftoverBuilds, processGroupsFile } from '../../../src/providers/shared/leftover-builds.js';
import { currentBootId, groupHasLiveMembers, processStartTicks } from '../../../src/providers/shared/process-identity.js';

let workRoot: string;
const strays: number[] = [];

beforeEach(() => {
  workRoot = mkdtempSync(join(tmpdir(), 'pw-work-'));
});
afterEach(() => {
  for (const pgid of strays.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  rmSync(workRoot, { recursive: true, force: true });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie is not alive.
  return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

describe('killLeftoverBuilds', () => {
  it('kills what a server killed with SIGKILL left running, from the records in its workspaces', async () => {
    const workspace = join(workRoot, 'job-1');
    mkdirSync(workspace);
    const server = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'orphaning-server.ts'), workspace], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect.poll(() => output, { timeout: 30_000 }).toContain('ready');
    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));

    const daemon = Number(readFileSync(join(workspace, 'build', 'daemon.pid'), 'utf8'));
    const [pgid] = readFileSync(processGroupsFile(workspace), 'utf8').split(' ').map(Number);
    strays.push(pgid!);
    // The server is gone, its build is not.
    expect(isAlive(daemon)).toBe(true);
    expect(groupHasLiveMembers(pgid!)).toBe(true);

    expect(await killLeftoverBuilds(workRoot, { graceMs: 2000 })).toBe(1);
    expect(isAlive(daemon)).toBe(false);
    expect(groupHasLiveMembers(pgid!)).toBe(false);
    expect(existsSync(processGroupsFile(workspace))).toBe(false);
  });

  it('leaves alone a group whose id now belongs to another process, or that was recorded in another boot', async () => {
    const other = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
    const pid = other.pid!;
    strays.push(pid);
    const reused = join(workRoot, 'job-reused');
    const rebooted = join(workRoot, 'job-rebooted');
    mkdirSync(join(reused, 'build'), { recursive: true });
    mkdirSync(join(rebooted, 'build'), { recursive: true });
    // Same id, but the leader started at another time: the id was handed out again.
    writeFileSync(processGroupsFile(reused), `${pid} ${currentBootId()} 1\n`);
    writeFileSync(processGroupsFile(rebooted), `${pid} not-this-boot ${processStartTicks(pid)}\n`);

    expect(await killLeftoverBuilds(workRoot, { graceMs: 200 })).toBe(0);
    expect(isAlive(pid)).toBe(true);
  });

  it('has nothing to do without a work folder', async () => {
    expect(await killLeftoverBuilds(join(workRoot, 'missing'))).toBe(0);
  });
});
