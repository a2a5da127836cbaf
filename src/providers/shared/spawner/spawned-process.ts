import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { startChild, type SpawnOptions } from './start-child.js';

export type { SpawnOptions } from './start-child.js';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A started process, wherever it was started from (the spawner, or this process when it has none). */
export interface SpawnedProcess {
  readonly pid: number;
  /** By descriptor: the child's pipe where 'pipe' was asked, else null (as ChildProcess.stdio). */
  readonly stdio: readonly (Socket | null)[];
  /** Settles when the process has exited; rejects when that cannot be known (its spawner died). */
  readonly exited: Promise<ProcessExit>;
  /** Settles once it has exited and each of its pipes has closed (all its output read), as ChildProcess 'close'. */
  readonly closed: Promise<ProcessExit>;
  /** Signals it (SIGTERM by default) unless it has exited. */
  kill(signal?: NodeJS.Signals): void;
  /**
   * Whether it keeps this Node process running while it runs (yes, as a child process does, until
   * told otherwise): a long-lived helper waiting idle (a git object reader) need not. Its pipes hold
   * Node on their own (ref/unref them too).
   */
  keepAlive(keep: boolean): void;
}

/** The closing of each pipe, for `closed`. */
export async function pipesClosed(stdio: readonly (Socket | null)[]): Promise<void> {
  const open = stdio.filter((pipe): pipe is Socket => pipe !== null && !pipe.closed);
  await Promise.all(open.map((pipe) => new Promise<void>((resolve) => pipe.once('close', () => resolve()))));
}

/**
 * Starts the process from this process: a fork of it, which blocks this thread for as long as copying
 * its memory map takes (see process-spawner.ts). Only when the spawner cannot run; rejects as the
 * spawner's path does when the process cannot start.
 */
export function spawnDirectly(options: SpawnOptions): Promise<SpawnedProcess> {
  let child: ChildProcess;
  try {
    child = startChild(options);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const { pid } = child;
  if (pid === undefined) return new Promise((_resolve, reject) => child.once('error', reject));
  child.on('error', () => undefined);
  // A child's pipes are net.Sockets (socket pairs), whatever the stream type Node declares for them.
  const stdio = options.stdio.map((entry, fd) => (entry === 'pipe' ? ((child.stdio[fd] ?? null) as Socket | null) : null));
  const exited = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const closed = exited.then(async (exit) => {
    await pipesClosed(stdio);
    return exit;
  });
  return Promise.resolve({
    pid,
    stdio,
    exited,
    closed,
    kill: (signal) => void child.kill(signal ?? 'SIGTERM'),
    keepAlive: (keep) => (keep ? child.ref() : child.unref()),
  });
}
