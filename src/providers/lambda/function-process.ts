import { spawn } from 'node:child_process';
import { mkdir, readdir, realpath, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ActionLog } from '../../core/contracts/action-log.js';
import { processGroupsFile } from '../shared/leftover-builds.js';
import { ProcessGroups } from '../shared/process-groups.js';
import { currentSandbox } from '../shared/sandbox/current-sandbox.js';
import { sandboxLeaderPid, type Launch } from '../shared/sandbox/sandbox-launcher.js';
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
  // In the sandbox like a build: the invocation's workspace writable, the function's folder read-only.
  const sandbox = currentSandbox();
  // A uid of its own while it runs (as root), given back once its process is gone.
  const user = sandbox.leaseUser();
  let launch: Launch;
  try {
    await sandbox.prepare(invocation.workspace, user);
    launch = sandbox.launch(process.execPath, [runner, fn.modulePath, fn.exportName, eventPath], {
      user,
      workspace: invocation.workspace,
      cwd: fn.dir,
      env: { ...invocation.environment, TMPDIR: join(dir, 'tmp') },
      readOnly: [fn.dir, ...(await linkedOutside(fn.dir)), ...nodeInstallation()],
      infoFd: 3,
    });
  } catch (error) {
    user.release();
    throw error;
  }
  const child = spawn(launch.file, launch.args, {
    cwd: fn.dir,
    env: launch.env,
    stdio: ['ignore', 'pipe', 'pipe', ...(launch.reportsLeader ? ['pipe' as const] : [])],
    detached: true,
    ...(launch.uid !== undefined ? { uid: launch.uid, gid: launch.gid } : {}),
  });
  if (child.pid !== undefined) groups.track(child.pid);
  // The sandbox's leader holds the function's processes in a group of its own: recorded and ended too.
  const info = child.stdio[3];
  const leader = launch.reportsLeader && info !== null && info !== undefined && 'read' in info ? sandboxLeaderPid(info).then((pid) => pid !== undefined && groups.trackIfAlive(pid)) : Promise.resolve();
  child.stdout?.on('data', (chunk: Buffer) => invocation.log.write('stdout', chunk));
  child.stderr?.on('data', (chunk: Buffer) => invocation.log.write('stderr', chunk));

  let stopping: FunctionExit | undefined;
  const timer = setTimeout(() => {
    stopping = { kind: 'timed-out', seconds: fn.timeoutSeconds };
    void leader.then(() => groups.terminate(2000));
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
  // Its processes end with the sandbox's (pid namespace): once the launcher is gone, so is the function.
  void exited.finally(() => user.release());
  return {
    exited,
    stop: async (graceMs) => {
      stopping ??= { kind: 'stopped' };
      clearTimeout(timer);
      await leader;
      await groups.terminate(graceMs);
      await exited;
    },
  };
}

/** Node's own installation when it is not among the system directories (nvm's, a tarball in /root…). */
function nodeInstallation(): string[] {
  const prefix = dirname(dirname(process.execPath));
  return prefix === '/' || ['/usr', '/opt', '/bin'].some((system) => prefix === system || prefix.startsWith(`${system}/`)) ? [] : [prefix];
}

/**
 * What the function's folder links to outside itself (`node_modules` linked from elsewhere, as
 * `npm link` leaves it), shown read-only too so the function runs as it does unsandboxed.
 */
async function linkedOutside(dir: string): Promise<string[]> {
  const linked: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isSymbolicLink()) continue;
    try {
      const target = await realpath(join(dir, entry.name));
      if (!target.startsWith(`${dir}/`)) linked.push(target);
    } catch {
      // A dangling link: nothing to show.
    }
  }
  return linked;
}
