import type { LogLine, LogStream } from '../../core/contracts/action-log.js';

/**
 * One record per line of the log file: `<epoch ms> <stream code> <text>\n`, where the stream code is one
 * character (o stdout, e stderr, s system). Plain text, so `tail -f` on the file reads well, and cheap to
 * write: a chunk of many lines becomes one string built with a single replaceAll.
 */
export const streamCodes = { stdout: 'o', stderr: 'e', system: 's' } as const satisfies Record<LogStream, string>;

const streamsByCode: Record<string, LogStream> = { o: 'stdout', e: 'stderr', s: 'system' };

/** The records of `text` (lines separated by `\n`, no trailing newline), all stamped with `time`. */
export function formatRecords(time: number, stream: LogStream, text: string): string {
  const prefix = `${time} ${streamCodes[stream]} `;
  return `${prefix}${text.includes('\n') ? text.replaceAll('\n', `\n${prefix}`) : text}\n`;
}

/** Reads one record (without its newline); undefined for a line that is not one. */
export function parseRecord(record: string, number: number): LogLine | undefined {
  const space = record.indexOf(' ');
  const stream = streamsByCode[record.charAt(space + 1)];
  if (space <= 0 || stream === undefined || record.charAt(space + 2) !== ' ') return undefined;
  return { number, time: Number(record.slice(0, space)), stream, text: record.slice(space + 3) };
}

/** How many `\n` the text holds. */
export function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
