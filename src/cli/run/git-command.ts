import { execFile } from 'node:child_process';
import { CliFailure, ExitCode } from '../exit-codes.js';

/**
 * Runs `git` for `pipewright run` on the user's working copy: the user's own git and configuration
 * (their identity names the snapshot commit), but never their hooks, credential helpers or pager.
 */
export async function git(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; allowFailure?: boolean }): Promise<{ stdout: string; code: number }> {
  const env = { ...process.env, ...options.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' };
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'core.hooksPath=/dev/null', '-c', 'credential.helper=', ...args],
      { cwd: options.cwd, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ stdout: stdout.trim(), code: 0 });
        const code = typeof error.code === 'number' ? error.code : -1;
        if (options.allowFailure === true && code > 0) return resolve({ stdout: stdout.trim(), code });
        reject(new CliFailure(`git ${args[0] ?? ''} failed in ${options.cwd}: ${stderr.trim() || error.message}`, ExitCode.refused));
      },
    );
  });
}
