import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The repositories Pipewright hosts: `<data-dir>/repos/<name>`, bare or not, served at `/git/<name>`
 * and read in place by CodeCommit sources. A name is one to four segments (`app`, `acme/app`, so
 * connections' `owner/repo` ids map onto it) of letters, digits, `_`, `.` and `-`, no segment starting
 * with a dot: no name can reach outside the repos directory (`..`), or into a hidden staging directory.
 */
const segmentPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

export function isValidRepositoryName(name: string): boolean {
  const segments = name.split('/');
  return name.length <= 255 && segments.length <= 4 && segments.every((segment) => segmentPattern.test(segment) && !segment.endsWith('.lock'));
}

/** The git directory of a repository directory: itself when bare, its `.git` otherwise; undefined if neither. */
export function gitDirectoryOf(directory: string): string | undefined {
  for (const candidate of [join(directory, '.git'), directory]) {
    if (existsSync(join(candidate, 'HEAD')) && existsSync(join(candidate, 'objects')) && existsSync(join(candidate, 'refs'))) return candidate;
  }
  return undefined;
}

export interface HostedRepository {
  /** The name it is served under, without `.git`. */
  name: string;
  directory: string;
  gitDir: string;
}

/**
 * The hosted repository a URL names, accepting `<name>` and `<name>.git` as git hosts do; undefined
 * when the name is not valid or no repository has it.
 */
export function findRepository(reposDir: string, requested: string): HostedRepository | undefined {
  const candidates = requested.endsWith('.git') ? [requested, requested.slice(0, -'.git'.length)] : [requested];
  for (const name of candidates) {
    if (!isValidRepositoryName(name)) continue;
    const directory = join(reposDir, name);
    const gitDir = gitDirectoryOf(directory);
    if (gitDir !== undefined) return { name, directory, gitDir };
  }
  return undefined;
}

export interface RepositorySummary {
  name: string;
  bare: boolean;
  /** The branch HEAD names (the one a clone checks out). */
  defaultBranch?: string;
}

/** Every repository under the repos directory, sorted by name (hidden and staging directories skipped). */
export async function listRepositories(reposDir: string): Promise<RepositorySummary[]> {
  const found: RepositorySummary[] = [];
  const walk = async (relative: string, depth: number): Promise<void> => {
    const entries = await readdir(join(reposDir, relative), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (!isValidRepositoryName(name)) continue;
      const gitDir = gitDirectoryOf(join(reposDir, name));
      if (gitDir !== undefined) {
        const defaultBranch = headBranch(gitDir);
        found.push({ name, bare: gitDir === join(reposDir, name), ...(defaultBranch !== undefined ? { defaultBranch } : {}) });
      } else if (depth < 4) {
        await walk(name, depth + 1);
      }
    }
  };
  await walk('', 1);
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function headBranch(gitDir: string): string | undefined {
  try {
    return /^ref: refs\/heads\/(.+)$/m.exec(readFileSync(join(gitDir, 'HEAD'), 'utf8'))?.[1]?.trim();
  } catch {
    return undefined;
  }
}

export type CreateResult = { created: HostedRepository } | { refused: 'exists' | 'nested'; message: string };

/**
 * Creates a bare repository with `main` as its default branch and pushes over HTTP allowed. It is
 * initialised in a hidden staging directory and renamed into place, so a half-made repository is
 * never served and two creations of one name cannot both succeed.
 */
export async function createRepository(reposDir: string, name: string, env: NodeJS.ProcessEnv): Promise<CreateResult> {
  const directory = join(reposDir, name);
  if (existsSync(directory)) return { refused: 'exists', message: `A repository or directory named ${name} already exists in ${reposDir}.` };
  const segments = name.split('/');
  for (let count = 1; count < segments.length; count += 1) {
    const ancestor = segments.slice(0, count).join('/');
    if (gitDirectoryOf(join(reposDir, ancestor)) !== undefined) {
      return { refused: 'nested', message: `The repository ${ancestor} exists: ${name} cannot live inside it.` };
    }
  }
  await mkdir(join(directory, '..'), { recursive: true });
  const staging = join(reposDir, `.creating-${randomUUID()}`);
  try {
    await git(['init', '--quiet', '--bare', '--initial-branch=main', staging], env);
    await git(['--git-dir', staging, 'config', 'http.receivepack', 'true'], env);
    try {
      await rename(staging, directory);
    } catch (error) {
      if (existsSync(directory) && statSync(directory).isDirectory()) {
        return { refused: 'exists', message: `A repository or directory named ${name} already exists in ${reposDir}.` };
      }
      throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { created: { name, directory, gitDir: directory } };
}

/**
 * The environment the server's git processes run in: no system or global config, a HOME of our own
 * (nothing of the machine's user leaks in), and pushes over HTTP allowed for every hosted repository,
 * also those put into the repos directory by hand (http-backend refuses receive-pack without
 * authentication otherwise).
 */
export function gitServerEnvironment(dataDir: string): NodeJS.ProcessEnv {
  const home = join(dataDir, 'cache', 'git', 'home');
  mkdirSync(home, { recursive: true });
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...(process.env.TMPDIR !== undefined ? { TMPDIR: process.env.TMPDIR } : {}),
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.receivepack',
    GIT_CONFIG_VALUE_0: 'true',
  };
}

function git(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git ${args.join(' ')} failed with exit code ${code}: ${stderr.trim()}`))));
  });
}
