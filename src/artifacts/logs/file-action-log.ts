import { chmodSync, closeSync, existsSync, fchmodSync, mkdirSync, open, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { ActionLog, LogStream } from '../../core/contracts/action-log.js';
import type { Clock } from '../../core/clock.js';
import { completeLogMode } from './legacy-marks.js';
import { countNewlines, formatRecords } from './log-record.js';
import { SecretMasker } from './secret-masker.js';

/** A line longer than this is cut into several records, so one endless line cannot fill memory. */
const longestLine = 64 * 1024;
/**
 * Output is taken in slices of this size at most: string work on a few kilobytes stays in V8's young
 * generation and runs several times faster per byte than on a quarter-megabyte string (measured).
 */
const slice = 16 * 1024;

type OutputStream = Exclude<LogStream, 'system'>;

/**
 * The log of one action execution, appended to its file as output arrives. Output is kept per stream
 * until its line is complete, masked a whole line at a time (a secret split across chunks is still
 * found), and written with one synchronous write per chunk: the file is always as current as the
 * build's output, for readers following it, and a write never interleaves with another.
 *
 * A write that fails (disk full) does not stop the build that is logging: the first error is kept and
 * `close()` rejects with it, so the worker learns that the log is incomplete.
 */
export class FileActionLog implements ActionLog {
  /** The log file: created ahead by the thread pool, or opened by the first line if that comes first. */
  private fd: number | undefined;
  private readonly masker = new SecretMasker();
  private readonly pending: Record<OutputStream, string> = { stdout: '', stderr: '' };
  private readonly decoders: Record<OutputStream, StringDecoder> = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private lines: number;
  private failure: Error | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  /** The log's file was there when it was opened (its job ran before). */
  private readonly existed: boolean;
  /** A new log's file, created by the thread pool as the log opens (settles once it is, or could not be). */
  private readonly created: Promise<void> | undefined;

  constructor(
    private readonly paths: { dir: string; log: string },
    private readonly clock: Clock,
  ) {
    this.lines = 0;
    // A log opened again (its job runs once more) is incomplete from now on. Most logs are new: one
    // question to the disk for them.
    this.existed = existsSync(paths.log);
    if (this.existed) chmodSync(paths.log, writableMode);
    // Every closed log has a file, lines or not: a new one is created now, off the serving thread (a
    // creation costs ~0.5 ms of this disk, an append ~0.01). A line that comes first opens it itself.
    else this.created = createWritable(paths).then((fd) => this.adopt(fd), () => undefined);
  }

  /** The file created ahead is the log's, unless a line came first and opened it. */
  private adopt(fd: number): void {
    if (this.fd === undefined) this.fd = fd;
    else closeSync(fd);
  }

  /** Lines written so far. */
  get lineCount(): number {
    return this.lines;
  }

  private file(): number {
    if (this.fd === undefined) {
      mkdirSync(this.paths.dir, { recursive: true });
      if (this.existed) this.lines = completeExistingLog(this.paths.log);
      this.fd = openSync(this.paths.log, 'a');
    }
    return this.fd;
  }

  mask(secret: string): void {
    this.masker.add(secret);
  }

  /** A line of its own: output lines still waiting for their end are closed first, so the log reads in order. */
  line(stream: LogStream, text: string): void {
    if (this.closed) return;
    this.flushPending('stdout');
    this.flushPending('stderr');
    this.emit(stream, text);
  }

  write(stream: LogStream, chunk: Buffer | string): void {
    if (this.closed) return;
    if (stream === 'system') {
      this.line('system', typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      return;
    }
    if (chunk.length <= slice) {
      this.append(stream, chunk);
      return;
    }
    for (let start = 0; start < chunk.length; start += slice) this.append(stream, chunk.slice(start, start + slice));
  }

  private append(stream: OutputStream, chunk: Buffer | string): void {
    const text = this.pending[stream] + (typeof chunk === 'string' ? chunk : this.decoders[stream].write(chunk));
    const end = text.lastIndexOf('\n');
    if (end === -1) {
      this.pending[stream] = text;
      if (text.length > longestLine) this.cutLongLine(stream);
      return;
    }
    this.pending[stream] = text.slice(end + 1);
    this.emit(stream, text.slice(0, end));
    if (this.pending[stream].length > longestLine) this.cutLongLine(stream);
  }

  close(): Promise<void> {
    this.closing ??= this.markComplete();
    return this.closing;
  }

  private markComplete(): Promise<void> {
    for (const stream of ['stdout', 'stderr'] as const) {
      this.pending[stream] += this.decoders[stream].end();
      this.flushPending(stream);
    }
    this.closed = true;
    // The file created ahead is waited for even when a line opened the log first: a closed log has no
    // work of its own left in the thread pool (a cleanup removing its folder would race a late creation).
    if (this.created !== undefined) return this.created.then(() => this.markClosed());
    return this.markClosed();
  }

  private markClosed(): Promise<void> {
    // The one mark of completion, a read-only log file, comes after the last line is on disk: a reader
    // that sees it has seen everything.
    if (this.fd !== undefined) {
      if (this.failure === undefined) fchmodSync(this.fd, completeLogMode);
      closeSync(this.fd);
    } else if (this.failure === undefined) {
      try {
        // Written by an earlier run of the job and nothing since: complete again, by its mode.
        if (this.existed) chmodSync(this.paths.log, completeLogMode);
        else return this.createEmpty();
      } catch (error) {
        this.failure = new Error(`Cannot mark the action log ${this.paths.log} complete`, { cause: error });
      }
    }
    return this.failure === undefined ? Promise.resolve() : Promise.reject(this.failure);
  }

  /**
   * A log closed without a line is an empty read-only file: made here when the file created ahead could
   * not be, in the thread pool (creating a file costs far more than appending to one), and its folder
   * made only when it is not there yet.
   */
  private async createEmpty(): Promise<void> {
    const create = (): Promise<void> =>
      new Promise((resolve, reject) => {
        open(this.paths.log, 'a', completeLogMode, (error, fd) => {
          if (error !== null) reject(error);
          else resolve(closeSync(fd));
        });
      });
    try {
      await create().catch(async (error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        await mkdir(this.paths.dir, { recursive: true });
        await create();
      });
    } catch (error) {
      throw new Error(`Cannot mark the action log ${this.paths.log} complete`, { cause: error });
    }
  }

  private flushPending(stream: OutputStream): void {
    if (this.pending[stream] === '') return;
    const text = this.pending[stream];
    this.pending[stream] = '';
    this.emit(stream, text);
  }

  /**
   * Emits most of a line that has no end in sight. Whatever a secret could still straddle (its length
   * minus one at the end, after masking what is whole) stays back to be masked with what follows.
   */
  private cutLongLine(stream: OutputStream): void {
    const masked = this.masker.mask(this.pending[stream]);
    const keep = Math.max(0, this.masker.longestSecret - 1);
    if (masked.length <= keep) return;
    this.pending[stream] = masked.slice(masked.length - keep);
    this.emitMasked(stream, masked.slice(0, masked.length - keep));
  }

  private emit(stream: LogStream, text: string): void {
    this.emitMasked(stream, this.masker.mask(text));
  }

  /** Writes the lines of `text` (separated by `\n`) as records; a `\r` before a line end is dropped. */
  private emitMasked(stream: LogStream, text: string): void {
    const lines = text.includes('\r') ? text.replace(/\r+(?=\n|$)/g, '') : text;
    try {
      writeSync(this.file(), formatRecords(this.clock.now(), stream, lines));
      this.lines += countNewlines(lines) + 1;
    } catch (error) {
      this.failure ??= new Error(`Cannot append to the action log ${this.paths.log}`, { cause: error });
    }
  }
}

/** The mode of a log being written (a complete one is read-only: completeLogMode). */
const writableMode = 0o644;

/** Creates a new log's file (and its folder when it is not there yet) in the thread pool, for appending. */
function createWritable(paths: { dir: string; log: string }): Promise<number> {
  const create = (): Promise<number> =>
    new Promise((resolve, reject) => {
      open(paths.log, 'a', writableMode, (error, fd) => (error !== null ? reject(error) : resolve(fd)));
    });
  return create().catch(async (error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(paths.dir, { recursive: true });
    return create();
  });
}

/**
 * A log opened again (a job that runs once more after its worker died) continues where it stopped: a
 * record cut short by the crash is completed first, so numbering stays one record per line.
 */
function completeExistingLog(path: string): number {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  if (content.length === 0) return 0;
  let lines = 0;
  for (let at = content.indexOf(10); at !== -1; at = content.indexOf(10, at + 1)) lines++;
  if (content[content.length - 1] !== 10) {
    writeFileSync(path, '\n', { flag: 'a' });
    lines++;
  }
  return lines;
}
