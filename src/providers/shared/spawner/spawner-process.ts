/**
 * The process spawner: a small Node process that starts processes on the server's behalf (see
 * process-spawner.ts for why). It imports Node's own modules only (and start-child.ts, bundled in), so it stays small (~45 MB), and a
 * fork of it, which every spawn is, costs a fraction of a fork of the server; and that cost is paid on
 * this process's thread, not on the server's event loop. Protocol: spawner-protocol.ts.
 */
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import type { ServerMessage, SpawnErrorData, SpawnerMessage, SpawnRequest } from './spawner-protocol.js';
import { startChild } from './start-child.js';

const running = new Map<number, ChildProcess>();

function send(message: SpawnerMessage, handle?: Socket): void {
  // A closed channel means the server is gone: the disconnect handler below is already exiting.
  if (process.connected) process.send?.(message, handle);
}

function errorData(error: unknown): SpawnErrorData {
  const { message, code, errno, syscall, path } = error as NodeJS.ErrnoException;
  return {
    message: typeof message === 'string' ? message : String(error),
    ...(code !== undefined ? { code } : {}),
    ...(errno !== undefined ? { errno } : {}),
    ...(syscall !== undefined ? { syscall } : {}),
    ...(path !== undefined ? { path } : {}),
  };
}

/**
 * Keeps this end of a child's pipe from reading. Node starts reading a child's pipes at once, and a
 * handle waits its turn to be sent (one at a time, each acknowledged): whatever this process read
 * meanwhile would be lost with its copy of the handle. Not reading leaves the data in the socket for
 * the server. (A private field: Node has no public way to stop a socket's reads; net.Socket.pause
 * stops only the flow into the stream.)
 */
function holdReading(socket: Socket): void {
  const handle = (socket as unknown as { _handle?: { reading?: boolean; readStop?: () => number } | null })._handle;
  if (handle?.reading === true) {
    handle.reading = false;
    handle.readStop?.();
  }
}

function start(request: SpawnRequest): void {
  const { id } = request;
  let child: ChildProcess;
  try {
    child = startChild(request);
  } catch (error) {
    send({ kind: 'failed', id, error: errorData(error) });
    return;
  }
  if (child.pid === undefined) {
    // Node reports ENOENT, EACCES and the like as an 'error' event, after spawn() returned.
    child.once('error', (error) => send({ kind: 'failed', id, error: errorData(error) }));
    return;
  }
  running.set(id, child);
  // A kill that comes too late fails with ESRCH as an 'error' event: nothing to report.
  child.on('error', () => undefined);
  child.once('exit', (code, signal) => {
    running.delete(id);
    send({ kind: 'exited', id, code, signal });
  });
  send({ kind: 'started', id, pid: child.pid });
  request.stdio.forEach((entry, fd) => {
    const socket = child.stdio[fd] as Socket | null | undefined;
    if (entry !== 'pipe' || socket === null || socket === undefined) return;
    holdReading(socket);
    send({ kind: 'pipe', id, fd }, socket);
  });
}

process.on('message', (message: ServerMessage) => {
  if (message.kind === 'spawn') start(message);
  else running.get(message.id)?.kill(message.signal);
});
// The server is gone (exited, or killed with SIGKILL): so is its spawner, and with it every process
// that dies with its parent (bwrap --die-with-parent: every sandbox).
process.on('disconnect', () => process.exit(0));
// A terminal's Ctrl-C reaches the whole foreground group: the server stops its builds in order and
// its spawner must outlive that (it ends with the channel, above), as must the sandboxes it parents.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => undefined);
send({ kind: 'ready' });
