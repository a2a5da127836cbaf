import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildProcesses } from '../build-processes.js';
import { quote } from '../session-scripts.js';
import { ShellProcess, type ShellListener } from '../shell-process.js';
import type { SandboxLauncher } from './sandbox-launcher.js';

/** How long a discarded shell gets between SIGTERM and SIGKILL (it only waits on its control pipe). */
const discardGraceMs = 1000;

/**
 * One build's shell started ahead of the build, waiting in bubblewrap (prepared-sandboxes.ts keeps a
 * few): a workspace of its own `<work-root>/prepared-<uuid>` made ready for a leased build uid, and the
 * build's bootstrap shell (session-scripts.ts) started in it with the server's default limits, as the
 * build's first shell would be, by the process spawner. It serves exactly one build: the build that
 * takes it uses its workspace as its own (the sources are checked out into it after the sandbox
 * started: a plain directory shows inside at once, a mount would not, see adoption-rules.ts), and its
 * BuildProcesses (the lease, the process records) as the build's. The build's environment and
 * directory reach the shell in its first script (adoptionScript), which makes them what a cold start
 * would have given. Never used: discarded (its processes ended, its uid given back).
 */
export class PreparedSandbox {
  private listener: ShellListener | undefined;
  private used = false;
  /** Whether a build took its shell (not merely its workspace). */
  adopted = false;

  private constructor(
    readonly workspace: string,
    readonly shellName: string,
    readonly processes: BuildProcesses,
    readonly shell: ShellProcess,
    /** The environment the shell started with (its first script unsets what the build's lacks). */
    readonly startEnv: Readonly<Record<string, string>>,
  ) {}

  /** Starts one in `workRoot`; undefined where this sandbox cannot start shells ahead (prepared path rules: SandboxLauncher.preparable). */
  static async start(sandbox: SandboxLauncher, workRoot: string, shellName: string): Promise<PreparedSandbox | undefined> {
    const workspace = join(workRoot, `prepared-${randomUUID()}`);
    await mkdir(workspace, { recursive: true });
    const processes = new BuildProcesses(join(workspace, 'build'), { sandbox });
    // Made ready first (identity files, state directory): bwrap's as-the-build-uid check looks them up.
    if (!sandbox.preparable(workspace, await processes.prepareNow())) {
      await processes.terminate(0);
      await rm(workspace, { recursive: true, force: true });
      return undefined;
    }
    const env = { ...sandbox.settings.hostEnvironment };
    const adopter: { slot?: PreparedSandbox } = {};
    let shell: ShellProcess;
    try {
      shell = await ShellProcess.start({
        shell: shellName,
        state: { cwd: workspace, env },
        controlDir: join(workspace, 'build'),
        processes,
        // Nothing reaches a build before it adopts the shell: the bootstrap prints only its markers.
        listener: { output: (stream, chunk) => adopter.slot?.listener?.output(stream, chunk), marker: (payload) => adopter.slot?.listener?.marker(payload) },
      });
    } catch (error) {
      // Nothing of it may stay: its lease, a process that started, its workspace.
      await processes.terminate(0);
      await rm(workspace, { recursive: true, force: true });
      throw error;
    }
    adopter.slot = new PreparedSandbox(workspace, shellName, processes, shell, sandbox.environment({ workspace, env }));
    return adopter.slot;
  }

  /** Whether its shell still waits (a shell that died, e.g. killed from outside, is not adopted). */
  get usable(): boolean {
    return !this.used && this.shell.alive;
  }

  /**
   * Hands the shell to the build: its output and markers go to `listener` from now on. Returns the
   * shell; the caller sends adoptionScript first, as the build's own user (BuildProcesses.prepareNow).
   */
  adopt(listener: ShellListener): ShellProcess {
    if (this.used) throw new Error('A prepared sandbox serves one build only');
    this.used = true;
    this.adopted = true;
    this.listener = listener;
    return this.shell;
  }

  /** Ends its processes and gives its uid back (its workspace stays: a cold build may run there). */
  async discard(): Promise<void> {
    this.used = true;
    await this.shell.close().catch(() => undefined);
    await this.processes.terminate(discardGraceMs);
  }
}

/** A variable a shell treats as its own, or that changes how it reads what follows: never set by the adoption script. */
const shellOwned = /^(BASH.*|SHELLOPTS|BASHOPTS|IFS|PS4|ENV|POSIXLY_CORRECT|SHLVL|PWD|OLDPWD|UID|EUID|PPID|GROUPS|HOSTNAME|OPTIND|OPTARG|CDPATH)$/;

/** Whether every variable of `env` can be set by the adoption script exactly as a cold start would see it. */
export function settableEnvironment(env: Readonly<Record<string, string>>): boolean {
  return Object.keys(env).every((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !shellOwned.test(name));
}

/**
 * The first lines an adopted shell runs: the environment becomes `env` (what it started with but `env`
 * lacks unset, all of `env` exported) and the directory `cwd`, with OLDPWD as a shell started there
 * has it (exported, without a value). Before the build's first command, in the same script.
 */
export function adoptionScript(startEnv: Readonly<Record<string, string>>, env: Readonly<Record<string, string>>, cwd: string): string {
  const gone = Object.keys(startEnv).filter((name) => !(name in env));
  return [
    ...(gone.length > 0 ? [`unset ${gone.join(' ')}`] : []),
    ...Object.entries(env).map(([name, value]) => `export ${name}=${quote(value)}`),
    `cd -- ${quote(cwd)} || exit 125`,
    'unset OLDPWD; export OLDPWD',
    '',
  ].join('\n');
}
