import { spawn } from 'node:child_process';

/**
 * Runs the `git` program: an argument array (never a shell, so nothing in a branch name or a URL is
 * ever interpreted), the environment the caller built (see git-environment.ts), stdout collected,
 * stderr collected and optionally streamed to the action's log. The AbortSignal kills git.
 */
export interface GitRun {
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
  /** Receives stderr as it comes (progress, warnings), e.g. to append it to the action's log. */
  onStderr?: (chunk: Buffer) => void;
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
}

/** git ran and said no: its exit code and what it printed on stderr. */
export class GitCommandError extends Error {
  override readonly name = 'GitCommandError';

  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(`git ${args.join(' ')} failed (${exitCode === null ? 'killed' : `exit code ${exitCode}`}): ${lastLines(stderr, 5) || 'no output'}`, options);
  }
}

/** Keeps a long stderr readable in a message: its last non-empty lines. */
export function lastLines(text: string, count: number): string {
  return text
    .split(/[\r\n]+/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(-count)
    .join(' | ');
}

// stderr is kept for the error message only; a chatty git must not grow it without bound.
const maxKeptStderr = 64 * 1024;

export function runGit(run: GitRun): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...run.args], {
      env: run.env,
      ...(run.cwd !== undefined ? { cwd: run.cwd } : {}),
      ...(run.signal !== undefined ? { signal: run.signal } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      run.onStderr?.(chunk);
      stderr = (stderr + chunk.toString('utf8')).slice(-maxKeptStderr);
    });
    child.on('error', (error) => reject(new GitCommandError(run.args, null, stderr || error.message, { cause: error })));
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout: Buffer.concat(stdout), stderr });
      else reject(new GitCommandError(run.args, code, stderr));
    });
  });
}
