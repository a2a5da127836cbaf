import { randomBytes } from 'node:crypto';
import { chown, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { BuildProcesses } from './build-processes.js';
import type { ShellState } from './env-state.js';
import { MarkerScanner } from './marker-scanner.js';
import { bootstrapScript } from './session-scripts.js';

/** Where a shell's output and markers go. */
export interface ShellListener {
  output(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  marker(payload: string): void;
}

export interface ShellExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

let counter = 0;

/**
 * One live shell of a build, the leader of its own process group, fed scripts through a pipe on fd 3
 * (its stdin stays /dev/null, so a command reading stdin never eats the next script). Its stdout is
 * scanned for the markers of session-scripts.ts; everything else is output.
 */
export class ShellProcess {
  private scripts = 0;

  private constructor(
    /** Marks the shell's markers apart from any output (see MarkerScanner). */
    readonly nonce: string,
    readonly stateFile: string,
    private readonly controlDir: string,
    private readonly control: Writable,
    private readonly status: { exited: boolean },
    /** Resolves once the shell has exited and all it wrote has been read. */
    readonly ended: Promise<ShellExit>,
  ) {}

  static async start(options: { shell: string; state: ShellState; controlDir: string; processes: BuildProcesses; listener: ShellListener }): Promise<ShellProcess> {
    const nonce = randomBytes(8).toString('hex');
    // The one place in the control directory the build itself writes (the sandbox shows the rest read-only).
    const stateFile = join(options.controlDir, 'state', `shell-${process.pid}-${++counter}.state`);
    const scanner = new MarkerScanner(
      nonce,
      (chunk) => options.listener.output('stdout', chunk),
      (payload) => options.listener.marker(payload),
    );
    const { child, exited, drain } = await options.processes.spawn(options.shell, ['-c', bootstrapScript(nonce, stateFile)], {
      cwd: options.state.cwd,
      env: options.state.env,
      control: true,
      output: { stdout: (chunk) => scanner.feed(chunk), stderr: (chunk) => options.listener.output('stderr', chunk) },
    });
    const control = child.stdio[3];
    if (control === null || control === undefined || !('write' in control)) throw new Error('The shell has no control pipe');
    // The shell may be gone before a script is written (killed, or ended by a command): nothing to do then.
    control.on('error', () => undefined);
    const status = { exited: false };
    const ended = exited.then(async (exit) => {
      status.exited = true;
      // Everything the shell wrote is in its files once it has exited: read it all, markers included.
      await drain();
      return exit;
    });
    // Whoever waits on `ended` sees a failure; nobody waiting must not crash the process.
    ended.catch(() => undefined);
    return new ShellProcess(nonce, stateFile, options.controlDir, control, status, ended);
  }

  /** Whether the shell has not exited yet. */
  get alive(): boolean {
    return !this.status.exited;
  }

  /**
   * Writes `script` to a file and hands its path to the shell, which sources it when it is free. With
   * `readableBy`, the file is that user's alone (mode 0600): a script holding the build's environment.
   */
  async send(script: string, readableBy?: { uid: number; gid: number }): Promise<void> {
    const file = join(this.controlDir, `${this.nonce}-${++this.scripts}.sh`);
    if (readableBy === undefined) await writeFile(file, script);
    else {
      await writeFile(file, script, { mode: 0o600 });
      if (process.getuid?.() === 0) await chown(file, readableBy.uid, readableBy.gid);
    }
    if (!this.status.exited) this.control.write(`${file}\n`);
  }

  /** Lets the shell leave once it has sourced what it was sent, and waits for it to. */
  async close(): Promise<void> {
    if (!this.control.writableEnded) this.control.end();
    await this.ended;
  }
}
