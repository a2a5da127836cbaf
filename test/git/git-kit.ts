import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pino } from 'pino';
import type { PushListener } from '../../src/api/http/git-route.js';
import { resolveServerConfig } from '../../src/server/config.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';

/**
 * Real git for tests: working repositories with commits made by the `git` program, and a Pipewright
 * server with the git host in front of them. Nothing here imitates git or the server.
 */
const testEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: tmpdir(),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C',
  GIT_AUTHOR_NAME: 'Ada Lovelace',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Lovelace',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
};

/**
 * Runs git asynchronously: a synchronous child would block the event loop that the in-process server
 * needs to answer the very push or clone being run.
 */
export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: { ...testEnv, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args.join(' ')} failed: ${stderr}`, { cause: error }));
      else resolve(stdout.trim());
    });
  });
}

/** Runs git expecting failure; returns its stderr. */
export function gitFails(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: testEnv, encoding: 'utf8' }, (error, _stdout, stderr) => {
      if (error) resolve(stderr);
      else reject(new Error(`git ${args.join(' ')} succeeded but should have failed`));
    });
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `pipewright-${prefix}-`));
}

export function removeDir(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

/** A working repository on branch main, no commits yet. */
export async function initRepository(path: string, branch = 'main'): Promise<string> {
  mkdirSync(path, { recursive: true });
  await git(path, ['init', '--quiet', `--initial-branch=${branch}`]);
  return path;
}

/** Writes the files (path → content) and commits them all; returns the new commit id. */
export async function commitFiles(repo: string, files: Record<string, string>, message: string, date?: string): Promise<string> {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
  await git(repo, ['add', '--all']);
  const dates = date !== undefined ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {};
  await git(repo, ['commit', '--quiet', '--allow-empty', '-m', message], dates);
  return git(repo, ['rev-parse', 'HEAD']);
}

export interface GitHost {
  server: RunningServer;
  dataDir: string;
  url: string;
  pushes: { repository: string; refs: { ref: string; oldCommit?: string; newCommit?: string }[] }[];
  /** POST /api/repos. */
  createRepository(name: string): Promise<Response>;
  close(): Promise<void>;
}

/** A real Pipewright server on a free port with its own data directory, recording what onPush reports. */
export async function startGitHost(): Promise<GitHost> {
  const dataDir = tempDir('git-host');
  const config = resolveServerConfig({ host: '127.0.0.1', port: 0, dataDir }, {});
  const pushes: GitHost['pushes'] = [];
  const onPush: PushListener = (repository, refs) => {
    pushes.push({ repository, refs });
  };
  const server = await startServer(config, { logger: pino({ level: process.env.PIPEWRIGHT_TEST_LOG ?? 'silent' }), onPush });
  return {
    server,
    dataDir,
    url: server.url,
    pushes,
    createRepository: (name) =>
      fetch(`${server.url}/api/repos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) }),
    close: async () => {
      await server.close();
      removeDir(dataDir);
    },
  };
}

/** Polls `condition` until it holds or the deadline passes (no fixed sleeps). */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The pids of the `git --git-dir <gitDir> cat-file --batch` processes running now (read from /proc). */
export function catFilePids(gitDir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let args: string[];
    try {
      args = readFileSync(join('/proc', name, 'cmdline'), 'utf8').split('\0');
    } catch {
      continue;
    }
    if (args.includes('cat-file') && args.includes(gitDir)) pids.push(Number(name));
  }
  return pids;
}
