import { spawn, spawnSync, type SpawnSyncOptionsWithStringEncoding } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellLimitsArguments, type ResourceLimits } from '../../../../src/providers/shared/sandbox/resource-limits.js';
import { SandboxLauncher, type Launch } from '../../../../src/providers/shared/sandbox/sandbox-launcher.js';
import { readSandboxSettings } from '../../../../src/providers/shared/sandbox/sandbox-settings.js';

const limits: ResourceLimits = { cpuSeconds: 7, memoryMb: 96, processes: 50, fileSizeMb: 3 };
const runsAsRoot = process.getuid?.() === 0;

/** `Max <name>` soft and hard values of /proc/self/limits as printed by a process. */
function limitRow(text: string, name: string): [string, string] {
  const match = new RegExp(`^Max ${name}\\s+(\\S+)\\s+(\\S+)`, 'm').exec(text);
  return [match?.[1] ?? 'missing', match?.[2] ?? 'missing'];
}

describe('the shell setting its own limits', () => {
  it.each([
    ['dash (/bin/sh)', '/bin/sh', {}],
    ['bash', 'bash', {}],
    ['bash in POSIX mode', 'bash', { POSIXLY_CORRECT: '1' }],
  ])('sets each limit soft and hard alike in %s, the CPU’s hard one a second higher', (_name, shell, env) => {
    const result = spawnSync(shell, shellLimitsArguments(shell, ['-c', 'cat /proc/self/limits'], limits), { encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: '/nonexistent', ...env } });
    expect(result.status, result.stderr).toBe(0);
    expect(limitRow(result.stdout, 'cpu time')).toEqual(['7', '8']);
    expect(limitRow(result.stdout, 'data size')).toEqual([String(96 * 1024 * 1024), String(96 * 1024 * 1024)]);
    expect(limitRow(result.stdout, 'processes')).toEqual(['50', '50']);
    expect(limitRow(result.stdout, 'file size')).toEqual([String(3 * 1024 * 1024), String(3 * 1024 * 1024)]);
  });

  it('runs nothing the build’s environment names before the limits (BASH_ENV, SHELLOPTS with PS4, an exported ulimit, ~/.bashrc)', () => {
    const home = mkdtempSync(join(tmpdir(), 'pw-limits-'));
    writeFileSync(join(home, 'early.sh'), 'echo "BASH_ENV ran, processes $(ulimit -Hu)"\n');
    writeFileSync(join(home, '.bashrc'), 'echo "bashrc ran, processes $(ulimit -Hu)"\n');
    const env = {
      PATH: process.env.PATH!,
      HOME: home,
      BASH_ENV: join(home, 'early.sh'),
      SSH_CLIENT: '192.0.2.1 22 22',
      SHELLOPTS: 'xtrace',
      PS4: '$(echo "PS4 ran, processes $(ulimit -Hu)" >&2)',
      'BASH_FUNC_ulimit%%': '() { echo "a fake ulimit"; }',
    };
    const options: SpawnSyncOptionsWithStringEncoding = { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] };
    const result = spawnSync('bash', shellLimitsArguments('bash', ['-c', 'echo "the build: processes $(ulimit -Hu)"'], limits), options);
    expect(result.stdout).toBe('the build: processes 50\n');
    expect(result.stderr).not.toContain('ran');
    // Without those options bash runs them first: ~/.bashrc with SSH_CLIENT set (in place of BASH_ENV), the fake ulimit in it.
    expect(spawnSync('bash', ['-c', 'true'], options).stdout).toContain('bashrc ran, processes a fake ulimit');
    const { SSH_CLIENT: _ssh, ...withoutSsh } = env;
    expect(spawnSync('bash', ['-c', 'true'], { ...options, env: withoutSsh }).stdout).toContain('BASH_ENV ran');
    rmSync(home, { recursive: true, force: true });
  });

  it('ends the shell before its script when a limit cannot be set, saying why', () => {
    // A hard limit already under the one asked for: only a privileged process could raise it.
    const result = spawnSync('/bin/sh', ['-c', `ulimit -t 5; ${shellLimitsArguments('/bin/sh', ['-c', 'echo the build ran'], limits)[2]!}`], {
      encoding: 'utf8',
      ...(runsAsRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(result.status).toBe(125);
    expect(result.stdout).not.toContain('the build ran');
    expect(result.stderr).toContain('[Pipewright sandbox] Could not set the resource limits of the build');
  });
});

/**
 * As root, bwrap starts as the build's uid in a user namespace of its own (no setpriv), where the
 * workspace is reachable by that uid; in a data directory only root may enter, bwrap runs as root and
 * setpriv switches user, as before. Both ways: the build's uid, no new privileges, the limits set.
 */
describe.runIf(runsAsRoot && new SandboxLauncher(readSandboxSettings({}), { loopbackOnly: true }).status.kind === 'bwrap')('a sandboxed shell as root', () => {
  const launcher = new SandboxLauncher(readSandboxSettings({}), { loopbackOnly: true });
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'pw-launcher-'));
    chmodSync(root, 0o755);
    mkdirSync(join(root, 'open', 'work'), { recursive: true });
    mkdirSync(join(root, 'closed', 'work'), { recursive: true });
    chmodSync(join(root, 'closed'), 0o700);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function run(launch: Launch, cwd: string): Promise<string> {
    const child = spawn(launch.file, launch.args, { cwd, env: launch.env, stdio: ['ignore', 'pipe', 'inherit'], ...(launch.uid !== undefined ? { uid: launch.uid, gid: launch.gid } : {}) });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await new Promise((resolve) => child.once('close', resolve));
    return out;
  }

  it.each([
    ['open to other users: bwrap as the build uid, no nested user namespace', 'open', true],
    ['closed to other users (0700): bwrap as root, then setpriv', 'closed', false],
  ])('in a data directory %s', async (_name, dir, asBuildUser) => {
    const workspace = join(root, dir, 'work', 'job-1');
    mkdirSync(workspace, { recursive: true });
    const user = launcher.leaseUser();
    try {
      await launcher.prepare(workspace, user);
      const probe = 'id; grep NoNewPrivs /proc/self/status; cat /proc/self/limits; if unshare -U true 2>/dev/null; then echo "USERNS made"; else echo "USERNS refused"; fi';
      const launch = launcher.launch('/bin/sh', ['-c', probe], { user, workspace, cwd: workspace, env: { PATH: '/usr/bin:/bin' }, limits });
      expect(launch.file).toMatch(/bwrap$/);
      expect(launch.args.some((arg) => arg.endsWith('setpriv'))).toBe(!asBuildUser);
      expect(launch.uid).toBe(asBuildUser ? user.uid : undefined);
      const out = await run(launch, workspace);
      expect(out).toContain(`uid=${user.uid}(build) gid=${user.gid}(build) groups=${user.gid}(build)`);
      expect(out).toMatch(/NoNewPrivs:\s+1/);
      expect(limitRow(out, 'cpu time')).toEqual(['7', '8']);
      expect(limitRow(out, 'processes')).toEqual(['50', '50']);
      if (asBuildUser) expect(out).toContain('USERNS refused');
    } finally {
      user.release();
    }
  });
});
