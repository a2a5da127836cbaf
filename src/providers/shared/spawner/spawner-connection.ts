import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { pipesClosed, type ProcessExit, type SpawnedProcess, type SpawnOptions } from './spawned-process.js';
import type { ServerMessage, SpawnErrorData, SpawnerMessage } from './spawner-protocol.js';

/** How long a new spawner may take to say it is ready (a Node start: ~50 ms here, seconds on a loaded machine). */
const readyTimeoutMs = 15_000;

/**
 * The server's side of one running spawner (spawner-process.ts): sends spawn and kill requests and
 * turns the answers into SpawnedProcesses. Once the spawner is gone it takes nothing more; the
 * processes it had started that were still running have an unknown end (their `exited` rejects).
 */
export class SpawnerConnection {
  private nextId = 1;
  private readonly children = new Map<number, SpawnerChild>();
  /** The running children that keep this process alive (all but those told not to: SpawnedProcess.keepAlive). */
  private readonly holding = new Set<number>();
  private gone: Error | undefined;

  private constructor(private readonly spawner: ChildProcess) {
    spawner.on('message', (message: SpawnerMessage, handle?: Socket) => this.received(message, handle));
    spawner.once('exit', (code, signal) => this.lost(new Error(`The process spawner (pid ${spawner.pid}) stopped (${signal ?? `exit code ${code}`})`)));
    spawner.on('error', (error) => this.lost(new Error('The process spawner failed', { cause: error })));
    // Never what keeps this process alive; its channel is, while a process it started runs (see hold).
    spawner.unref();
    spawner.channel?.unref();
  }

  /** Resolves once the spawner `child` (started with an IPC channel) says it is ready. */
  static ready(child: ChildProcess): Promise<SpawnerConnection> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`The process spawner did not start within ${readyTimeoutMs} ms`)), readyTimeoutMs);
      // Only its own listeners go: Node's IPC has listeners of its own on the child (handle acknowledgements).
      const settled = (): void => {
        clearTimeout(timer);
        child.off('error', fail);
        child.off('exit', exitedEarly);
        child.off('message', answered);
      };
      const fail = (error: Error): void => {
        settled();
        child.kill('SIGKILL');
        reject(error);
      };
      const exitedEarly = (code: number | null, signal: NodeJS.Signals | null): void => fail(new Error(`The process spawner exited as it started (${signal ?? `exit code ${code}`})`));
      const answered = (message: SpawnerMessage): void => {
        if (message.kind !== 'ready') return fail(new Error(`The process spawner said ${message.kind} before it was ready`));
        settled();
        resolve(new SpawnerConnection(child));
      };
      child.once('error', fail);
      child.once('exit', exitedEarly);
      child.once('message', answered);
    });
  }

  get alive(): boolean {
    return this.gone === undefined;
  }

  /** Its pid (tests kill it). */
  get pid(): number | undefined {
    return this.spawner.pid;
  }

  spawn(options: SpawnOptions): Promise<SpawnedProcess> {
    if (this.gone !== undefined) return Promise.reject(this.gone);
    const id = this.nextId++;
    const child = new SpawnerChild(
      options,
      (signal) => this.send({ kind: 'kill', id, signal }),
      (keep) => this.hold(id, keep),
    );
    this.children.set(id, child);
    this.hold(id, true);
    this.send({
      kind: 'spawn',
      id,
      file: options.file,
      args: options.args,
      env: options.env,
      detached: options.detached ?? false,
      stdio: options.stdio,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    return child.started;
  }

  private send(message: ServerMessage): void {
    if (this.gone === undefined) this.spawner.send(message);
  }

  private received(message: SpawnerMessage, handle: Socket | undefined): void {
    if (message.kind === 'ready') return;
    const child = this.children.get(message.id);
    if (child === undefined) return;
    switch (message.kind) {
      case 'started':
        child.began(message.pid);
        break;
      case 'pipe':
        child.piped(message.fd, handle ?? null);
        break;
      case 'failed':
        this.forget(message.id);
        child.failed(spawnFailure(message.error));
        break;
      case 'exited':
        this.forget(message.id);
        child.ended({ code: message.code, signal: message.signal });
        break;
    }
  }

  private forget(id: number): void {
    this.children.delete(id);
    this.hold(id, false);
  }

  /** The channel keeps this process alive while a child runs that was not told otherwise (SpawnedProcess.keepAlive). */
  private hold(id: number, keep: boolean): void {
    const before = this.holding.size;
    if (keep && this.children.has(id)) this.holding.add(id);
    else this.holding.delete(id);
    if (before === 0 && this.holding.size > 0) this.spawner.channel?.ref();
    if (before > 0 && this.holding.size === 0) this.spawner.channel?.unref();
  }

  private lost(error: Error): void {
    if (this.gone !== undefined) return;
    this.gone = error;
    for (const child of this.children.values()) child.lost(error);
    this.children.clear();
    this.holding.clear();
  }
}

/** One process asked of the spawner, put together from the spawner's messages. */
class SpawnerChild implements SpawnedProcess {
  pid = 0;
  readonly stdio: (Socket | null)[];
  readonly started: Promise<SpawnedProcess>;
  readonly exited: Promise<ProcessExit>;
  readonly closed: Promise<ProcessExit>;
  private awaitedPipes: number;
  private hasExited = false;
  private settleStart!: { resolve: (child: SpawnedProcess) => void; reject: (error: Error) => void };
  private settleExit!: { resolve: (exit: ProcessExit) => void; reject: (error: Error) => void };
  private readonly allPiped: Promise<void>;
  private resolvePiped!: () => void;

  constructor(
    private readonly options: SpawnOptions,
    private readonly signal: (signal: NodeJS.Signals) => void,
    private readonly hold: (keep: boolean) => void,
  ) {
    this.stdio = options.stdio.map(() => null);
    this.awaitedPipes = options.stdio.filter((entry) => entry === 'pipe').length;
    this.started = new Promise((resolve, reject) => (this.settleStart = { resolve, reject }));
    this.exited = new Promise((resolve, reject) => (this.settleExit = { resolve, reject }));
    this.allPiped = new Promise((resolve) => (this.resolvePiped = resolve));
    this.closed = this.exited.then(async (exit) => {
      await this.allPiped;
      await pipesClosed(this.stdio);
      return exit;
    });
    // Whoever waits on these sees a failure; nobody waiting must not crash the server.
    this.exited.catch(() => undefined);
    this.closed.catch(() => undefined);
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (!this.hasExited) this.signal(signal);
  }

  keepAlive(keep: boolean): void {
    this.hold(keep);
  }

  began(pid: number): void {
    this.pid = pid;
    this.startedIfComplete();
  }

  piped(fd: number, socket: Socket | null): void {
    this.stdio[fd] = socket;
    this.awaitedPipes -= 1;
    this.startedIfComplete();
  }

  failed(error: Error): void {
    this.settleStart.reject(error);
    this.settleExit.reject(error);
    this.resolvePiped();
  }

  ended(exit: ProcessExit): void {
    this.hasExited = true;
    this.settleExit.resolve(exit);
  }

  lost(error: Error): void {
    this.hasExited = true;
    const unknown = new Error(`${error.message}: how ${this.options.file}${this.pid > 0 ? ` (pid ${this.pid})` : ''} ends is unknown`, { cause: error });
    this.settleExit.reject(unknown);
    this.resolvePiped();
    // Started with the pipes that came (the rest stay null); never started: say so.
    if (this.pid > 0) this.settleStart.resolve(this);
    else this.settleStart.reject(unknown);
  }

  private startedIfComplete(): void {
    if (this.pid === 0 || this.awaitedPipes > 0) return;
    this.resolvePiped();
    this.settleStart.resolve(this);
  }
}

/** The spawner's report of a process that could not start, as the Error Node's spawn gives (code ENOENT…). */
function spawnFailure(data: SpawnErrorData): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(data.message);
  if (data.code !== undefined) error.code = data.code;
  if (data.errno !== undefined) error.errno = data.errno;
  if (data.syscall !== undefined) error.syscall = data.syscall;
  if (data.path !== undefined) error.path = data.path;
  return error;
}
