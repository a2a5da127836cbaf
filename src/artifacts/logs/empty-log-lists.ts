import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';

/**
 * Lists kept open at most, each holding a descriptor: one per folder of action execution ids (UUIDs,
 * whose first two hex characters name 256 folders). Fewer, and most marks opened a list (measured: 32
 * kept open cost more than opening the list every time).
 */
const keptOpen = 256;

/**
 * The folders' lists of logs closed without a line (see log-paths.ts), written through files kept open:
 * marking an empty log is then one write. Opening the list, and making its folder, for every mark cost
 * several system calls on the serving thread per action (most actions never write a line). An append
 * of one short line to a file opened with O_APPEND is never interleaved with another's.
 */
export class EmptyLogLists {
  /** Open lists by path, least recently used first. */
  private readonly files = new Map<string, number>();

  constructor(private readonly capacity = keptOpen) {}

  /** Adds `id` to the list at `path` in `dir`, and returns once it is written. */
  add(paths: { dir: string; emptyLogs: string }, id: string): void {
    let fd = this.files.get(paths.emptyLogs);
    if (fd === undefined) {
      mkdirSync(paths.dir, { recursive: true });
      fd = openSync(paths.emptyLogs, 'a');
      if (this.files.size >= this.capacity) this.closeOldest();
    } else {
      this.files.delete(paths.emptyLogs);
    }
    this.files.set(paths.emptyLogs, fd);
    writeSync(fd, `${id}\n`);
  }

  close(): void {
    for (const fd of this.files.values()) closeSync(fd);
    this.files.clear();
  }

  private closeOldest(): void {
    const [path, fd] = this.files.entries().next().value ?? [];
    if (path === undefined || fd === undefined) return;
    this.files.delete(path);
    closeSync(fd);
  }
}
