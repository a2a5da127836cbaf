/**
 * What the server and its process spawner (spawner-process.ts) say to each other over the spawner's
 * IPC channel, in order:
 *
 *   spawner → server   ready                      once, when it listens
 *   server → spawner   spawn {id, …}              start a process
 *   spawner → server   started {id, pid}          it runs; then one `pipe` per 'pipe' descriptor,
 *                      pipe {id, fd} + handle     each carrying the child's end as a socket handle
 *                      failed {id, error}         or: it could not start (ENOENT, EACCES…), nothing follows
 *                      exited {id, code, signal}  it ended (may overtake its pipes: a handle waits for the last one's ack)
 *   server → spawner   kill {id, signal}          signal it, if it still runs
 *
 * The spawner exits as soon as the channel closes (the server is gone, even by SIGKILL), so whatever
 * dies with its parent (bwrap --die-with-parent) dies with the server as before.
 */

/** What becomes of one of the child's descriptors. */
export type StdioRequest =
  | 'ignore'
  /** A socket pair: the server gets its end as a handle and reads or writes it directly. */
  | 'pipe'
  /** A file the spawner opens (e.g. `a`: appended to by the child and all it starts) and closes once the child has it. */
  | { path: string; flags: string };

export interface SpawnRequest {
  kind: 'spawn';
  id: number;
  file: string;
  args: readonly string[];
  cwd?: string;
  /** The child's whole environment: never the spawner's (which is the server's). */
  env: Record<string, string | undefined>;
  /** A session and process group of its own. */
  detached: boolean;
  uid?: number;
  gid?: number;
  /** Descriptor by descriptor, from 0. */
  stdio: readonly StdioRequest[];
}

export interface KillRequest {
  kind: 'kill';
  id: number;
  signal: NodeJS.Signals;
}

export type ServerMessage = SpawnRequest | KillRequest;

/** A spawn error as Node reports it, rebuilt on the server's side (spawnFailure). */
export interface SpawnErrorData {
  message: string;
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
}

export type SpawnerMessage =
  | { kind: 'ready' }
  | { kind: 'started'; id: number; pid: number }
  | { kind: 'pipe'; id: number; fd: number }
  | { kind: 'failed'; id: number; error: SpawnErrorData }
  | { kind: 'exited'; id: number; code: number | null; signal: NodeJS.Signals | null };
