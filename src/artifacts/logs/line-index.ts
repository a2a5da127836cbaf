import { LRUCache } from 'lru-cache';

/**
 * Where lines start in a log file, remembered every `spacing` lines so a reader asking for line 90,000
 * of a growing log seeks close to it instead of counting from the start each time it polls. Log files
 * only grow, so what is remembered stays true; a file that shrank (removed and written again) resets.
 */
export interface LineCheckpoints {
  /** checkpoints[k] is the byte offset of line k * spacing + 1. */
  readonly checkpoints: number[];
  /** Complete lines seen so far, and the byte offset just after the last of them. */
  lines: number;
  bytes: number;
}

export const checkpointSpacing = 1024;

/** The checkpoints of the logs read most recently (1,000 by default), the least recently read dropped first. */
export class LineIndex {
  private readonly entries: LRUCache<string, LineCheckpoints>;

  constructor(capacity = 1000) {
    this.entries = new LRUCache({ max: capacity });
  }

  /** The remembered checkpoints of a log, reset when the file is now smaller than what was seen. */
  get(id: string, fileSize: number): LineCheckpoints {
    let entry = this.entries.get(id);
    if (entry === undefined || fileSize < entry.bytes) {
      entry = { checkpoints: [0], lines: 0, bytes: 0 };
      this.entries.set(id, entry);
    }
    return entry;
  }

  /** Where to start reading to reach line `target` (1-based): the line number and byte offset of the nearest known line. */
  static startFor(entry: LineCheckpoints, target: number): { line: number; offset: number } {
    if (target > entry.lines) return { line: entry.lines + 1, offset: entry.bytes };
    const k = Math.floor((target - 1) / checkpointSpacing);
    return { line: k * checkpointSpacing + 1, offset: entry.checkpoints[k] ?? 0 };
  }

  /** Records that line `line` ends at byte `end` (exclusive). */
  static passed(entry: LineCheckpoints, line: number, end: number): void {
    if (line !== entry.lines + 1) return;
    entry.lines = line;
    entry.bytes = end;
    if (line % checkpointSpacing === 0) entry.checkpoints.push(end);
  }
}
