import { watch, type FSWatcher } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

const chunkSize = 256 * 1024;
/** Looked at this often even without a change notification (a filesystem without inotify). */
const fallbackInterval = 250;
/**
 * While output keeps coming, read at most this often: batching 10 ms of output costs a reader of the
 * log nothing it could notice, and saves a read and a log write per line.
 */
const flowingInterval = 10;

/**
 * Follows a file another process appends to, handing each new chunk to `onChunk` (a view into a
 * reused buffer: use it before returning).
 *
 * A build's output goes to files rather than pipes: a process writing line by line into a pipe wakes
 * its reader for every line and runs at about half the speed it writes to a file (measured: `| cat`
 * against `> file`). Following the file has the same trap: an inotify event per write. So change
 * notifications are only listened to while the file is quiet (the first change after a pause is read
 * at once, so a build's markers are never held back); while output flows, the file is read every
 * 10 ms, in large chunks.
 */
export class FileTail {
  private handle: FileHandle | undefined;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private position = 0;
  private readonly buffer = Buffer.allocUnsafe(chunkSize);
  private pumping: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Someone waits for everything written so far: no pauses then. */
  private draining = 0;
  private failure: Error | undefined;

  constructor(
    private readonly path: string,
    private readonly onChunk: (chunk: Buffer) => void,
  ) {}

  async start(): Promise<void> {
    const handle = await open(this.path, 'r');
    // Stopped while opening (the build was aborted as this process started): nothing to follow.
    if (this.stopped) {
      await handle.close();
      return;
    }
    this.handle = handle;
    this.schedule();
    this.wake();
  }

  /** Reads everything written so far. */
  async drain(): Promise<void> {
    this.draining++;
    try {
      this.wake();
      while (this.pumping !== undefined) await this.pumping;
    } finally {
      this.draining--;
    }
    if (this.failure !== undefined) throw this.failure;
  }

  /** Reads what is left, then stops following. */
  async stop(): Promise<void> {
    await this.drain();
    this.stopped = true;
    clearTimeout(this.timer);
    this.unwatch();
    // Another caller's drain may have started a read meanwhile: the handle is closed only once no read
    // can use it (closing under a read was the EBADF seen when a build was aborted while its shell ended).
    const handle = this.handle;
    this.handle = undefined;
    while (this.pumping !== undefined) await this.pumping;
    await handle?.close();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.wake();
      this.schedule();
    }, fallbackInterval);
  }

  private wake(): void {
    if (this.handle === undefined) return;
    if (this.pumping !== undefined) {
      this.again = true;
      return;
    }
    this.pumping = this.pump()
      .catch((error: unknown) => {
        this.failure ??= new Error(`Cannot read the build output ${this.path}`, { cause: error });
      })
      .finally(() => {
        this.pumping = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async pump(): Promise<void> {
    const handle = this.handle;
    if (handle === undefined) return;
    let reads = 0;
    for (;;) {
      const { bytesRead } = await handle.read(this.buffer, 0, chunkSize, this.position);
      if (bytesRead === 0) {
        // Quiet: be told of the next change. Anything written before the watch began is read by the
        // wake-up the change that follows it (or the fallback timer) brings.
        this.watchForChange();
        return;
      }
      this.unwatch();
      this.position += bytesRead;
      this.onChunk(this.buffer.subarray(0, bytesRead));
      // A full buffer: more is waiting, read on. Data twice in a row: the writer is writing on, let it
      // write more. A single burst (a few markers written together) is read to its end at once.
      if (bytesRead < chunkSize && ++reads >= 2 && !this.stopped && this.draining === 0) await delay(flowingInterval);
    }
  }

  private watchForChange(): void {
    if (this.watcher !== undefined || this.stopped) return;
    try {
      this.watcher = watch(this.path, () => this.wake());
      this.watcher.on('error', () => undefined);
    } catch {
      // No change notifications here: the fallback timer alone keeps up.
      return;
    }
    // A write between the last read and the watch would bring no event: look once more.
    this.again = true;
  }

  private unwatch(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}
