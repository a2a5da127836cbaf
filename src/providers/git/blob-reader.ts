import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { GitCommandError } from './git-process.js';

interface Waiting {
  blobId: string;
  resolve: (content: Buffer) => void;
  reject: (error: Error) => void;
}

/**
 * Reads blobs by id through one `git cat-file --batch` process: however many files a run needs, one
 * process. git answers in the order asked, each answer a header `<id> blob <size>` and the content, or
 * `<id> missing`. Content is copied once, into a buffer of its size: callers read files of bounded size
 * here (big ones are streamed by a process of their own, store-commit-tree.ts).
 */
export class GitBlobReader {
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly waiting: Waiting[] = [];
  private header: Buffer = Buffer.alloc(0);
  private body: { content: Buffer; filled: number } | undefined;
  private stderr = '';
  private failure: Error | undefined;

  constructor(env: NodeJS.ProcessEnv, gitDir: string, signal?: AbortSignal) {
    const args = ['--git-dir', gitDir, 'cat-file', '--batch'];
    this.child = spawn('git', args, { env, stdio: ['pipe', 'pipe', 'pipe'], ...(signal ? { signal } : {}) });
    this.child.stdout.on('data', (chunk: Buffer) => this.take(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-8192)));
    this.child.stdin.on('error', () => undefined);
    this.child.on('error', (error) => this.fail(new GitCommandError(args, null, this.stderr || error.message, { cause: error })));
    this.child.on('close', (code) => this.fail(new GitCommandError(args, code, this.stderr || 'git cat-file ended before it answered')));
  }

  read(blobId: string): Promise<Buffer> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ blobId, resolve, reject });
      this.child.stdin.write(`${blobId}\n`);
    });
  }

  /** Ends the process (its stdin closes; it exits when done). */
  close(): void {
    this.child.stdin.end();
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
        this.startAnswer(line);
        continue;
      }
      // The content, then the newline git writes after it.
      const { content } = this.body;
      const wanted = content.length + 1 - this.body.filled;
      const part = rest.subarray(0, wanted);
      part.copy(content, this.body.filled, 0, Math.min(part.length, content.length - this.body.filled));
      this.body.filled += part.length;
      rest = rest.subarray(part.length);
      if (this.body.filled === content.length + 1) {
        this.body = undefined;
        this.waiting.shift()?.resolve(content);
      }
    }
  }

  private startAnswer(line: string): void {
    const [, type, size] = line.split(' ');
    const asked = this.waiting[0];
    if (asked === undefined) return this.fail(new Error(`git cat-file answered what nobody asked: ${line}`));
    if (type !== 'blob' || size === undefined) {
      this.waiting.shift();
      asked.reject(new Error(`The git object ${asked.blobId} is not a stored blob (${line}).`));
      return;
    }
    this.body = { content: Buffer.allocUnsafe(Number(size)), filled: 0 };
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting.splice(0)) waiting.reject(this.failure);
  }
}
