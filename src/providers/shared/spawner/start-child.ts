import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
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

/**
 * Starts the process from this process (the spawner's, or the server's when it has none): the files
 * its stdio names opened for it and closed once it has its own copies. Throws what spawn() throws at
 * once; ENOENT and the like come later, as the child's 'error' event. Node's own modules only: the
 * spawner's bundle stays small (spawner-process.ts).
 */
export function startChild(options: SpawnOptions): ChildProcess {
  const opened: number[] = [];
  try {
    const stdio = options.stdio.map((entry) => {
      if (typeof entry === 'string') return entry;
      const fd = openSync(entry.path, entry.flags);
      opened.push(fd);
      return fd;
    });
    return spawn(options.file, options.args, {
      env: options.env,
      detached: options.detached ?? false,
      stdio,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
  } finally {
    for (const fd of opened) closeSync(fd);
  }
}
