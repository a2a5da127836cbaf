import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogLine, LogStore } from '../../core/contracts/action-log.js';
import type { Clock } from '../../core/clock.js';
import { FileActionLog } from './file-action-log.js';
import { upgradeLegacyLogMarks } from './legacy-marks.js';
import { LineIndex } from './line-index.js';
import { logPaths } from './log-paths.js';
import { parseRecord } from './log-record.js';

const readChunk = 256 * 1024;

/**
 * Action logs as files under `<data-dir>/logs/` (see log-paths.ts and log-record.ts for the layout and
 * the record format). Readers poll with the number of the last line they have; a log is complete once
 * its writer closed it (its file is then read-only). Opening the store turns the completion marks of
 * earlier versions into that one (legacy-marks.ts), before any read.
 */
export class FileLogStore implements LogStore {
  private readonly logsDir: string;
  private readonly index = new LineIndex();

  private readonly clock: Clock;

  constructor(options: { dataDir: string; clock: Clock }) {
    this.logsDir = join(options.dataDir, 'logs');
    this.clock = options.clock;
    upgradeLegacyLogMarks(this.logsDir);
  }

  open(actionExecutionId: string): FileActionLog {
    return new FileActionLog(logPaths(this.logsDir, actionExecutionId), this.clock);
  }

  async read(actionExecutionId: string, options: { afterLine: number; limit: number }): Promise<{ lines: LogLine[]; complete: boolean }> {
    const paths = logPaths(this.logsDir, actionExecutionId);
    // Completeness is looked at before the lines: a writer marks a log complete only after its last
    // line, so "complete" never comes with lines still missing.
    let file;
    try {
      file = await open(paths.log, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], complete: false };
      throw error;
    }
    try {
      const { size, mode } = await file.stat();
      const complete = (mode & 0o222) === 0;
      const entry = this.index.get(actionExecutionId, size);
      const target = Math.max(0, options.afterLine) + 1;
      let { line, offset } = LineIndex.startFor(entry, target);
      const lines: LogLine[] = [];
      let carry = Buffer.alloc(0);
      let reachedEnd = false;
      const buffer = Buffer.allocUnsafe(readChunk);
      while (lines.length < options.limit) {
        const { bytesRead } = await file.read(buffer, 0, readChunk, offset + carry.length);
        if (bytesRead === 0) {
          reachedEnd = true;
          break;
        }
        const data = carry.length === 0 ? buffer.subarray(0, bytesRead) : Buffer.concat([carry, buffer.subarray(0, bytesRead)]);
        let start = 0;
        for (let end = data.indexOf(10); end !== -1 && lines.length < options.limit; end = data.indexOf(10, start)) {
          if (line >= target) {
            const parsed = parseRecord(data.toString('utf8', start, end), line);
            if (parsed !== undefined) lines.push(parsed);
          }
          LineIndex.passed(entry, line, offset + end + 1);
          line++;
          start = end + 1;
        }
        // A record still being written (no newline yet) is left for the next read.
        carry = Buffer.from(data.subarray(start));
        offset += start;
      }
      // Complete means closed and nothing left after these lines: a follower may stop.
      return { lines, complete: complete && reachedEnd };
    } finally {
      await file.close();
    }
  }
}
