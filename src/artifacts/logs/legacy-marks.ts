import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Written once a logs folder's marks are all the one of today: later starts skip the walk. */
const upgradedStamp = '.one-mark';

/**
 * Data directories written by earlier versions marked a complete log three ways: a read-only log file
 * (today's only mark), a `<id>.done` file beside it, or, for a log closed without a line, its id in the
 * folder's `empty-logs` list. At start, before anything reads a log, each old mark becomes today's: the
 * log made read-only, or an empty read-only log for an id listed as empty or with a `.done` and no log.
 * The old files are removed, and a stamp file says the folder needs no more looking at.
 */
export function upgradeLegacyLogMarks(logsDir: string): void {
  mkdirSync(logsDir, { recursive: true });
  if (existsSync(join(logsDir, upgradedStamp))) return;
  for (const folder of readdirSync(logsDir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    const dir = join(logsDir, folder.name);
    for (const name of readdirSync(dir)) {
      if (name.endsWith('.done')) {
        markComplete(join(dir, `${name.slice(0, -'.done'.length)}.log`));
        unlinkSync(join(dir, name));
      } else if (name === 'empty-logs') {
        for (const id of readFileSync(join(dir, name), 'utf8').split('\n')) if (id !== '') markComplete(join(dir, `${id}.log`));
        unlinkSync(join(dir, name));
      }
    }
  }
  writeFileSync(join(logsDir, upgradedStamp), '');
}

function markComplete(log: string): void {
  if (existsSync(log)) chmodSync(log, completeLogMode);
  else closeSync(openSync(log, 'a', completeLogMode));
}

/** A complete log's mode: read-only is the mark (see log-paths.ts). */
export const completeLogMode = 0o444;
