import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { constants } from 'node:os';
import type { BuildProcesses } from './build-processes.js';
import { readShellState, type ShellState } from './env-state.js';
import { MarkerScanner } from './marker-scanner.js';
import { sessionScript } from './session-script.js';

/** Where the output and the progress of a session go. Command indexes are positions in the list given. */
export interface SessionListener {
  output(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  commandStarted(index: number): void;
  commandEnded(index: number, exitCode: number): void;
}

export interface ShellSessionOptions {
  /** `/bin/sh` or `bash` (a path, or a name looked up in PATH). */
  shell: string;
  commands: readonly string[];
  state: ShellState;
  /** A private directory for the session's script and state file. */
  controlDir: string;
  processes: BuildProcesses;
  listener: SessionListener;
}

export interface ShellSessionResult {
  /** Exit codes of the commands that ran, in order: all succeeded but the last one possibly. */
  exitCodes: number[];
  /** Where the session left off, when its shell could say (a shell killed by a signal cannot). */
  state: ShellState | undefined;
  /** How the shell itself ended. */
  shellExit: { code: number | null; signal: NodeJS.Signals | null };
}

/** How long to wait, once the shell has exited, for its last markers when a daemon holds its stdout. */
const lastMarkersWait = 1000;

let sessionCounter = 0;

/**
 * Runs commands one after another in one shell process, as CodeBuild runs the commands of a phase:
 * `cd`, variables and functions carry from one command to the next. The first command that fails ends
 * the session; a command that ends the shell itself (`exit`) ends it as that command's exit code.
 */
export async function runShellSession(options: ShellSessionOptions): Promise<ShellSessionResult> {
  const nonce = randomBytes(8).toString('hex');
  const name = `session-${process.pid}-${++sessionCounter}`;
  const scriptFile = join(options.controlDir, `${name}.sh`);
  const stateFile = join(options.controlDir, `${name}.state`);
  await writeFile(scriptFile, sessionScript(options.commands, nonce, stateFile));

  const exitCodes: number[] = [];
  let running: number | undefined;
  let finalMarker = false;
  let stdoutEnded = false;
  let shellExit: ShellSessionResult['shellExit'] | undefined;

  const child = options.processes.spawn(options.shell, [scriptFile], { cwd: options.state.cwd, env: options.state.env });
  const done = new Promise<void>((resolve, reject) => {
    let waitTimer: NodeJS.Timeout | undefined;
    const settle = (): void => {
      if (shellExit === undefined) return;
      if (finalMarker || stdoutEnded) {
        clearTimeout(waitTimer);
        resolve();
      } else {
        waitTimer ??= setTimeout(resolve, lastMarkersWait);
      }
    };
    const scanner = new MarkerScanner(
      nonce,
      (chunk) => options.listener.output('stdout', chunk),
      (payload) => {
        if (payload === 'X') {
          finalMarker = true;
          settle();
        } else if (payload.startsWith('S')) {
          running = Number(payload.slice(1));
          options.listener.commandStarted(running);
        } else if (payload.startsWith('E')) {
          const [index, code] = payload.slice(1).split(':').map(Number);
          if (index === undefined || code === undefined) return;
          exitCodes[index] = code;
          running = undefined;
          options.listener.commandEnded(index, code);
        }
      },
    );
    child.stdout.on('data', (chunk: Buffer) => scanner.feed(chunk));
    child.stdout.once('end', () => {
      scanner.end();
      stdoutEnded = true;
      settle();
    });
    child.stderr.on('data', (chunk: Buffer) => options.listener.output('stderr', chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      shellExit = { code, signal };
      settle();
    });
  });
  await done;
  const exit = shellExit ?? { code: null, signal: null };
  if (running !== undefined && exitCodes[running] === undefined) {
    // The shell ended while the command ran: the command's own `exit`, a syntax error, or a kill.
    const code = exit.code ?? 128 + (exit.signal !== null ? constants.signals[exit.signal] : 0);
    exitCodes[running] = code;
    options.listener.commandEnded(running, code);
  }
  return { exitCodes, state: await readShellState(stateFile), shellExit: exit };
}
