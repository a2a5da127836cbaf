import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActionLog } from '../../core/contracts/action-log.js';
import { processGroupsFile } from '../shared/leftover-builds.js';
import { ProcessGroups } from '../shared/process-groups.js';
import type { LocalFunction } from './local-function.js';
import { runnerSource } from './runner-source.js';

/** How one invocation's process ended. */
export type FunctionExit =
  | { kind: 'returned' }
  | { kind: 'threw' }
  | { kind: 'timed-out'; seconds: number }
  | { kind: 'stopped' }
  | { kind: 'crashed'; code: number | null; signal: NodeJS.Signals | null };

export interface RunningFunction {
  /** Settles when the process is gone, with how it ended. */
  exited: Promise<FunctionExit>;
  /** Ends the process group (SIGTERM, then SIGKILL after `graceMs`); resolves once it is gone. */
  stop(graceMs: number): Promise<void>;
}

/**
 * Starts one invocation: the runner in a process group of its own (recorded, so that a server killed
 * with SIGKILL has it ended at the next start), in the function's folder, with only the environment it
 * is given (never the server's own), its output into the action log. The function's own Timeout stops
 * it, as Lambda stops a function that runs too long.
 */
export async function startFunction(
  fn: LocalFunction,
  invocation: { workspace: string; event: unknown; environment: Record<string, string>; log: ActionLog },
): Promise<RunningFunction> {
  const dir = join(invocation.workspace, 'function');
  await mkdir(join(dir, 'tmp'), { recursive: true });
  const runner = join(dir, 'runner.mjs');
  const eventPath = join(dir, 'event.json');
  await writeFile(runner, runnerSource);
  await writeFile(eventPath, JSON.stringify(invocation.event));
  const groups = new ProcessGroups(processGroupsFile(invocation.workspace));
  const child = spawn(process.execPath, [runner, fn.modulePath, fn.exportName, eventPath], {
    cwd: fn.dir,
    env: { ...invocation.environment, TMPDIR: join(dir, 'tmp') },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid !== undefined) groups.track(child.pid);
  child.stdout.on('data', (chunk: Buffer) => invocation.log.write('stdout', chunk));
  child.stderr.on('data', (chunk: Buffer) => invocation.log.write('stderr', chunk));

  let stopping: FunctionExit | undefined;
  const timer = setTimeout(() => {
    stopping = { kind: 'timed-out', seconds: fn.timeoutSeconds };
    void groups.terminate(2000);
  }, fn.timeoutSeconds * 1000);
  const exited = new Promise<FunctionExit>((resolve) => {
    child.once('error', () => resolve({ kind: 'crashed', code: null, signal: null }));
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (stopping !== undefined) resolve(stopping);
      else if (code === 0) resolve({ kind: 'returned' });
      else if (code === 1) resolve({ kind: 'threw' });
      else resolve({ kind: 'crashed', code, signal });
    });
  });
  return {
    exited,
    stop: async (graceMs) => {
      stopping ??= { kind: 'stopped' };
      clearTimeout(timer);
      await groups.terminate(graceMs);
      await exited;
    },
  };
}
