import { stat } from 'node:fs/promises';
import { constants } from 'node:os';
import type { BuildProcesses } from './build-processes.js';
import { readShellState, type ShellState } from './env-state.js';
import { adoptionScript, type PreparedSandbox } from './sandbox/prepared-sandbox.js';
import { commandScript, saveStateScript } from './session-scripts.js';
import { ShellProcess } from './shell-process.js';

/** What a run of commands reports as it goes. Indexes are positions in the list given to `run`. */
export interface CommandListener {
  commandStarted(index: number): void;
  commandEnded(index: number, exitCode: number): void;
}

/**
 * The shell of a build: one shell process for the whole build, as CodeBuild 0.2 keeps one shell state
 * for all of a build's commands (a `cd` or an `export` in install is still there in build). Each
 * list of commands (a phase's `commands`, its `finally`) is one script it sources, stopping at the
 * first command that fails. One process rather than one per phase keeps a build's own cost to a few
 * milliseconds: starting a shell is the most expensive thing the runner does.
 *
 * A command that ends the shell (`exit 0`, `set -e` then a failure) ends it as that command's exit
 * code; the EXIT trap saved the directory and exported environment, and a new shell takes over from
 * there for what is left, in a new process group.
 */
export class BuildShell {
  private current: ShellProcess | undefined;
  private state: ShellState;
  private onMarker: ((payload: string) => void) | undefined;
  /** A shell started ahead (prepared-sandbox.ts) that the first `live` takes instead of starting one. */
  private prepared: PreparedSandbox | undefined;
  /** What the adopted shell runs before anything else (its environment and directory), as the build's user alone. */
  private firstScript: { text: string; user: { uid: number; gid: number } } | undefined;

  constructor(
    private readonly options: {
      /** `/bin/sh` or `bash` (a path, or a name looked up in PATH). */
      shell: string;
      state: ShellState;
      /** Where to run when the directory a command left is gone. */
      fallbackCwd: string;
      /** A private directory for scripts and state files. */
      controlDir: string;
      processes: BuildProcesses;
      output: (stream: 'stdout' | 'stderr', chunk: Buffer) => void;
      /** The slot whose shell to adopt as the first one; its processes must be `processes`. */
      prepared?: PreparedSandbox;
    },
  ) {
    this.state = options.state;
    this.prepared = options.prepared;
  }

  /**
   * Runs `commands` in order, stopping at the first that fails; `exports` are set first. Returns the
   * exit codes of the commands that ran. When `signal` aborts, returns what ran so far: the caller
   * ends the processes (BuildProcesses.terminate), which ends the shell.
   */
  async run(commands: readonly string[], listener: CommandListener, signal: AbortSignal, exports: Record<string, string> = {}): Promise<number[]> {
    const exitCodes: number[] = [];
    Object.assign(this.state.env, exports);
    let pendingExports = exports;
    while (exitCodes.length < commands.length && !signal.aborted) {
      const shell = await this.live();
      const from = exitCodes.length;
      let running: number | undefined;
      let started = false;
      const scriptDone = new Promise<number>((resolve) => {
        this.onMarker = (payload) => {
          if (payload.startsWith('S')) {
            running = from + Number(payload.slice(1));
            started = true;
            listener.commandStarted(running);
          } else if (payload.startsWith('E')) {
            const [index, code] = payload.slice(1).split(':').map(Number);
            if (index === undefined || code === undefined) return;
            exitCodes[from + index] = code;
            running = undefined;
            this.explain(code);
            listener.commandEnded(from + index, code);
          } else if (payload.startsWith('P:')) resolve(Number(payload.slice(2)));
        };
      });
      await this.send(shell, commandScript(commands.slice(from), shell.nonce, pendingExports));
      pendingExports = {};
      const outcome = await Promise.race([scriptDone.then((status) => ({ status })), shell.ended.then((exit) => ({ exit }))]);
      this.onMarker = undefined;
      if ('exit' in outcome) {
        // The shell ended during the script: by a command of its own, or because the build stops.
        this.current = undefined;
        const saved = await readShellState(shell.stateFile);
        if (saved !== undefined) this.state = saved;
        if (!started && !signal.aborted) {
          const { code, signal: killedBy } = outcome.exit;
          throw new Error(`The shell ${this.options.shell} ended before running a command (exit code ${code ?? '-'}, signal ${killedBy ?? '-'})`);
        }
        if (running !== undefined) this.endRunning(exitCodes, running, outcome.exit.code ?? 128 + (outcome.exit.signal !== null ? constants.signals[outcome.exit.signal] : 0), listener);
      } else if (running !== undefined) {
        // A command returned from the script itself (`return` at its top level): its status is the script's.
        this.endRunning(exitCodes, running, outcome.status, listener);
      }
      if (exitCodes.some((code) => code !== 0)) break;
    }
    return exitCodes;
  }

  /** The working directory and exported environment now (asked of the live shell, or as the last one left them). */
  async currentState(): Promise<ShellState> {
    const shell = this.current;
    if (shell?.alive !== true) return this.state;
    const done = new Promise<void>((resolve) => {
      this.onMarker = (payload) => {
        if (payload.startsWith('P:')) resolve();
      };
    });
    await this.send(shell, saveStateScript());
    await Promise.race([done, shell.ended]);
    this.onMarker = undefined;
    this.state = (await readShellState(shell.stateFile)) ?? this.state;
    return this.state;
  }

  /** Lets the shell leave (processes it left running are the caller's to end). */
  async close(): Promise<void> {
    const shell = this.current;
    this.current = undefined;
    await shell?.close();
  }

  /** Sends a script, after the adopted shell's first lines when they have not gone yet. */
  private async send(shell: ShellProcess, script: string): Promise<void> {
    const first = this.firstScript;
    this.firstScript = undefined;
    if (first === undefined) await shell.send(script);
    else await shell.send(first.text + script, first.user);
  }

  private endRunning(exitCodes: number[], index: number, code: number, listener: CommandListener): void {
    if (exitCodes[index] !== undefined) return;
    exitCodes[index] = code;
    this.explain(code);
    listener.commandEnded(index, code);
  }

  /** A command killed for passing a resource limit: say so in its output, where the reader looks. */
  private explain(code: number): void {
    const explanation = this.options.processes.explainExit(code);
    if (explanation !== undefined) this.options.output('stderr', Buffer.from(`[Pipewright sandbox] The command was ${explanation}\n`));
  }

  private async live(): Promise<ShellProcess> {
    if (this.current?.alive === true) return this.current;
    if (this.current !== undefined) {
      // It ended between two lists (killed from outside): take over from the state its trap saved.
      await this.current.ended.catch(() => undefined);
      this.state = (await readShellState(this.current.stateFile)) ?? this.state;
      this.current = undefined;
    }
    const cwd = (await isDirectory(this.state.cwd)) ? this.state.cwd : this.options.fallbackCwd;
    const prepared = this.prepared;
    this.prepared = undefined;
    if (prepared?.usable === true) {
      // What a cold start does first (the workspace handed to the build's user, sources included), then
      // the shell started ahead, told the environment and directory a cold one would have started with.
      const { processes } = this.options;
      const user = await processes.prepareNow();
      // Killed from outside meanwhile: a cold start, as for any shell that ended between two lists.
      if (!prepared.usable) return this.live();
      const env = processes.sandbox.environment({ workspace: processes.workspace, env: this.state.env });
      this.current = prepared.adopt({ output: this.options.output, marker: (payload) => this.onMarker?.(payload) });
      this.firstScript = { text: adoptionScript(prepared.startEnv, env, cwd), user };
      return this.current;
    }
    this.current = await ShellProcess.start({
      shell: this.options.shell,
      state: { cwd, env: this.state.env },
      controlDir: this.options.controlDir,
      processes: this.options.processes,
      listener: { output: this.options.output, marker: (payload) => this.onMarker?.(payload) },
    });
    return this.current;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
