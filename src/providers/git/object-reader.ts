import type { Socket } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import { spawnProcess } from '../shared/spawner/process-spawner.js';
import type { SpawnedProcess } from '../shared/spawner/spawned-process.js';
import { GitCommandError } from './git-process.js';

/** One object as git answered it: its id, type and size, and its content as it arrives. */
export interface GitObject {
  id: string;
  type: string;
  size: number;
  content: Readable;
}

/** git answered `<name> missing` (or `ambiguous`): no object by that name, the process carries on. */
export class MissingGitObjectError extends Error {
  override readonly name = 'MissingGitObjectError';
}

interface Asked {
  name: string;
  resolve: (object: GitObject) => void;
  reject: (error: Error) => void;
}

/**
 * Reads objects through one `git cat-file --batch` process: refs (`refs/heads/main^{commit}`), commits,
 * trees, blobs, however many are asked. git answers in the order asked, each answer a header
 * `<id> <type> <size>`, the content and a newline, or `<name> missing`. Content streams to its reader
 * as it comes, never whole in memory: git is paused while a reader is behind, so every content handed
 * out must be read to its end (or destroyed) for later answers to come.
 *
 * The process may live long (object-reader-pool.ts): git resolves every name afresh from the ref files
 * and packed-refs, and looks for an object it does not find in the packs it knows in new packs and
 * loose objects, so what a push wrote after the start is seen (test/git/object-reader-pool.test.ts).
 */
export class GitObjectReader {
  private readonly asked: Asked[] = [];
  private header: Buffer = Buffer.alloc(0);
  private body: { out: PassThrough; left: number } | undefined;
  private stderr = '';
  private failure: Error | undefined;
  private exited = false;
  private readonly stdin: Socket;
  private readonly stdout: Socket;
  private readonly pipes: readonly Socket[];
  /** Settles when the process has ended, for whatever reason. */
  readonly ended: Promise<void>;

  /**
   * Starts `git cat-file --batch` on `gitDir` through the process spawner (shared/spawner/process-spawner.ts):
   * never a fork of this process. Rejects (a GitCommandError) when git cannot start.
   */
  static async start(env: NodeJS.ProcessEnv, gitDir: string): Promise<GitObjectReader> {
    const args = ['--git-dir', gitDir, 'cat-file', '--batch'];
    let child: SpawnedProcess;
    try {
      child = await spawnProcess({ file: 'git', args, env, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      throw new GitCommandError(args, null, (error as Error).message, { cause: error });
    }
    return new GitObjectReader(child, args);
  }

  private constructor(
    private readonly child: SpawnedProcess,
    args: readonly string[],
  ) {
    const [stdin, stdout, stderr] = child.stdio;
    // All three were asked as pipes; one missing means the spawner died as it started git.
    if (stdin == null || stdout == null || stderr == null) {
      child.kill('SIGKILL');
      throw new GitCommandError(args, null, 'git cat-file started without its pipes');
    }
    this.stdin = stdin;
    this.stdout = stdout;
    this.pipes = [stdin, stdout, stderr];
    this.ended = child.closed.then(
      () => undefined,
      () => undefined,
    );
    stdout.on('data', (chunk: Buffer) => this.take(chunk));
    stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-8192)));
    for (const pipe of this.pipes) pipe.on('error', () => undefined);
    // A reader behind keeps stdout paused, and the close waits for stdout's end: once git is gone, what
    // is left in the pipe is let through (buffered), so the end comes and every waiter hears of it.
    const gone = (): void => {
      this.exited = true;
      stdout.resume();
    };
    child.exited.then(gone, gone);
    child.closed.then(
      ({ code }) => this.fail(new GitCommandError(args, code, this.stderr || 'git cat-file ended before it answered')),
      (error: unknown) => this.fail(new GitCommandError(args, null, this.stderr || (error as Error).message, { cause: error })),
    );
  }

  /** The object `name` names (an id or any expression git resolves, e.g. `<commit>^{tree}`). */
  read(name: string): Promise<GitObject> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (/[\n\r]/.test(name)) return Promise.reject(new MissingGitObjectError(`No git object is named ${JSON.stringify(name)}.`));
    return new Promise((resolve, reject) => {
      this.asked.push({ name, resolve, reject });
      this.stdin.write(`${name}\n`);
    });
  }

  /** The whole content of a small object of the type expected (a tree, a symlink's target). */
  async readWhole(name: string, type: string): Promise<{ id: string; content: Buffer }> {
    const object = await this.read(name);
    const chunks: Buffer[] = [];
    for await (const chunk of object.content) chunks.push(chunk as Buffer);
    if (object.type !== type) throw new Error(`The git object ${name} is a ${object.type}, not a ${type}.`);
    return { id: object.id, content: Buffer.concat(chunks) };
  }

  /** The process's id (tests tell a reused process from a new one by it). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the process failed or ended: it answers nothing any more. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Whether every answer asked for has come and been handed on whole: the next user starts clean. */
  get settled(): boolean {
    return this.failure === undefined && this.asked.length === 0 && this.body === undefined && this.header.length === 0;
  }

  /** Whether the process keeps Node running: yes while in use, no while it waits idle to be reused. */
  keepAlive(keep: boolean): void {
    this.child.keepAlive(keep);
    // The pipes are sockets: each holds the loop on its own.
    for (const pipe of this.pipes) {
      if (keep) pipe.ref();
      else pipe.unref();
    }
  }

  /** Ends the process: done, or given up (then killed, since it may be paused on a reader that left). */
  close(): void {
    this.stdin.end();
    if (!this.settled) this.kill();
  }

  /** Ends the process now; what is still asked fails. */
  kill(): void {
    this.child.kill('SIGTERM');
  }

  private take(chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0) {
      if (this.body === undefined) {
        const newline = rest.indexOf(10);
        if (newline < 0) {
          this.header = Buffer.concat([this.header, rest]);
          return;
        }
        const line = Buffer.concat([this.header, rest.subarray(0, newline)]).toString('utf8');
        this.header = Buffer.alloc(0);
        rest = rest.subarray(newline + 1);
        this.answer(line);
        continue;
      }
      // The content, then the newline git writes after it.
      const body = this.body;
      const part = rest.subarray(0, body.left);
      rest = rest.subarray(part.length);
      body.left -= part.length;
      const content = body.left > 0 ? part : part.subarray(0, Math.max(0, part.length - 1));
      const fits = content.length === 0 || body.out.destroyed || body.out.write(content);
      if (body.left === 0) {
        this.body = undefined;
        body.out.end();
      } else if (!fits && !this.exited) {
        // The reader is behind: pause git until it catches up (or gives up).
        this.stdout.pause();
        const resume = (): void => {
          body.out.off('drain', resume);
          body.out.off('close', resume);
          this.stdout.resume();
        };
        body.out.on('drain', resume);
        body.out.on('close', resume);
      }
    }
  }

  private answer(line: string): void {
    const asked = this.asked.shift();
    if (asked === undefined) return this.fail(new Error(`git cat-file answered what nobody asked: ${line}`));
    const [id = '', type = '', size = ''] = line.split(' ');
    if (type === 'missing' || type === 'ambiguous' || !/^\d+$/.test(size)) {
      asked.reject(new MissingGitObjectError(`No git object ${asked.name} in the repository (${line}).`));
      return;
    }
    const out = new PassThrough();
    // A reader that already gave up (its store failed) must not turn git's end into an uncaught error;
    // readers still reading get it through their own listeners.
    out.on('error', () => undefined);
    this.body = { out, left: Number(size) + 1 };
    asked.resolve({ id, type, size: Number(size), content: out });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const asked of this.asked.splice(0)) asked.reject(this.failure);
    if (this.body !== undefined) {
      this.body.out.destroy(this.failure);
      this.body = undefined;
    }
  }
}
