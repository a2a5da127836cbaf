import { stat } from 'node:fs/promises';
import type { BuildProcesses } from './build-processes.js';
import type { ShellState } from './env-state.js';
import { runShellSession, type SessionListener } from './shell-session.js';

export interface CommandListResult {
  /** Exit codes of the commands that ran, in order; the list stopped at the first that is not 0. */
  exitCodes: number[];
  /** The state after the last command, for whatever runs next. */
  state: ShellState;
}

/**
 * Runs a list of commands in one shell session, and in more only when a command ends its shell with
 * success (`exit 0`): CodeBuild goes on with the next command then, in the state the shell left.
 * Stops at the first failure. When `signal` aborts, returns what ran so far; the caller ends the
 * processes (see BuildProcesses.terminate).
 */
export async function runCommandList(options: {
  shell: string;
  commands: readonly string[];
  state: ShellState;
  /** Where to run when the directory the last command left is gone. */
  fallbackCwd: string;
  controlDir: string;
  processes: BuildProcesses;
  listener: SessionListener;
  signal: AbortSignal;
}): Promise<CommandListResult> {
  const exitCodes: number[] = [];
  let state = options.state;
  while (exitCodes.length < options.commands.length && !options.signal.aborted) {
    const from = exitCodes.length;
    const cwd = (await isDirectory(state.cwd)) ? state.cwd : options.fallbackCwd;
    const session = await runShellSession({
      shell: options.shell,
      commands: options.commands.slice(from),
      state: { ...state, cwd },
      controlDir: options.controlDir,
      processes: options.processes,
      listener: {
        output: (stream, chunk) => options.listener.output(stream, chunk),
        commandStarted: (index) => options.listener.commandStarted(from + index),
        commandEnded: (index, code) => options.listener.commandEnded(from + index, code),
      },
    });
    if (session.state !== undefined) state = session.state;
    if (session.exitCodes.length === 0) {
      if (options.signal.aborted) break;
      const { code, signal } = session.shellExit;
      throw new Error(`The shell ${options.shell} ended before running any command (exit code ${code ?? '-'}, signal ${signal ?? '-'})`);
    }
    exitCodes.push(...session.exitCodes);
    if (session.exitCodes.some((code) => code !== 0)) break;
  }
  return { exitCodes, state };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
