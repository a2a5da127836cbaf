import { spawnProcess } from '../shared/spawner/process-spawner.js';

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

/**
 * Runs git, started by the process spawner (shared/spawner/process-spawner.ts): never a fork of this
 * process. An abort kills it (SIGTERM) and rejects at once, as Node's own `signal` option does.
 */
export async function runGit(run: GitRun): Promise<GitResult> {
  const { signal } = run;
  let stderr = '';
  const aborted = (): GitCommandError => new GitCommandError(run.args, null, stderr || 'The operation was aborted', { cause: signal?.reason });
  // A function: TypeScript would narrow a property read before the spawn's await to after it.
  const isAborted = (): boolean => signal?.aborted === true;
  if (isAborted()) throw aborted();
  let child;
  try {
    child = await spawnProcess({ file: 'git', args: run.args, env: run.env, ...(run.cwd !== undefined ? { cwd: run.cwd } : {}), stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new GitCommandError(run.args, null, (error as Error).message, { cause: error });
  }
  const stdout: Buffer[] = [];
  child.stdio[1]?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stdio[2]?.on('data', (chunk: Buffer) => {
    run.onStderr?.(chunk);
    stderr = (stderr + chunk.toString('utf8')).slice(-maxKeptStderr);
  });
  let onAbort = (): void => undefined;
  const abort = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      child.kill('SIGTERM');
      reject(aborted());
    };
  });
  // Aborted while the spawner was starting it, or later.
  if (isAborted()) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  let exit;
  try {
    exit = await Promise.race([child.closed, abort]);
  } catch (error) {
    if (error instanceof GitCommandError) throw error;
    throw new GitCommandError(run.args, null, stderr || (error as Error).message, { cause: error });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (exit.code === 0) return { stdout: Buffer.concat(stdout), stderr };
  throw new GitCommandError(run.args, exit.code, stderr);
}
