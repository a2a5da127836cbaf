import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { StdioRequest } from './spawner-protocol.js';

/** What a process is started with (`env` is its whole environment; see spawner-protocol.ts for stdio). */
export interface SpawnOptions {
  file: string;
  args: readonly string[];
  cwd?: string;
  env: Record<string, string | undefined>;
  /** A session and process group of its own. */
  detached?: boolean;
  uid?: number;
  gid?: number;
  stdio: readonly StdioRequest[];
}

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
  const opened: number[] = [];
  let child: ChildProcess;
  try {
    const stdio = options.stdio.map((entry) => {
      if (typeof entry === 'string') return entry;
      const fd = openSync(entry.path, entry.flags);
      opened.push(fd);
      return fd;
    });
    child = spawn(options.file, options.args, {
      env: options.env,
      detached: options.detached ?? false,
      stdio,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  } finally {
    for (const fd of opened) closeSync(fd);
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
  });
}
