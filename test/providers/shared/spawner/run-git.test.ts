import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GitCommandError, runGit } from '../../../../src/providers/git/git-process.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() };
const dir = mkdtempSync(join(tmpdir(), 'pw-run-git-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** runGit through the process spawner: what git prints, how it fails, and an abort. */
describe('runGit', () => {
  it('returns what git printed on stdout', async () => {
    const { stdout } = await runGit({ args: ['--version'], env });
    expect(stdout.toString()).toMatch(/^git version \d/);
  });

  it('fails with the exit code and stderr, streamed as it comes too', async () => {
    const streamed: Buffer[] = [];
    const failure = await runGit({ args: ['rev-parse', 'HEAD'], env: { ...env, GIT_CEILING_DIRECTORIES: dir }, cwd: dir, onStderr: (chunk) => streamed.push(chunk) }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GitCommandError);
    expect((failure as GitCommandError).exitCode).toBe(128);
    expect((failure as GitCommandError).stderr).toMatch(/not a git repository/);
    expect(Buffer.concat(streamed).toString()).toBe((failure as GitCommandError).stderr);
  });

  it('fails when git cannot start in a missing directory', async () => {
    await expect(runGit({ args: ['--version'], env, cwd: join(dir, 'missing') })).rejects.toMatchObject({ exitCode: null, message: expect.stringMatching(/ENOENT/) as unknown });
  });

  it('kills git on abort and rejects at once, even while a process git started holds its output', async () => {
    const controller = new AbortController();
    const started = Date.now();
    // The alias's shell outlives git's SIGTERM and keeps git's stdout open for 3 s.
    const running = runGit({ args: ['-c', 'alias.wait=!sleep 3', 'wait'], env, cwd: dir, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const failure = await running.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GitCommandError);
    expect((failure as GitCommandError).exitCode).toBeNull();
    expect(Date.now() - started).toBeLessThan(2500);
    // Already aborted: git never starts.
    await expect(runGit({ args: ['--version'], env, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(GitCommandError);
  });
});
