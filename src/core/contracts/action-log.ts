/**
 * The log of one action execution: lines with timestamps, readable while the action runs (the console
 * and `pipewright logs --follow` tail it), with every registered secret masked before it is stored.
 */
export interface ActionLog {
  /** Registers a value that must never appear in the log (replaced by `***`). */
  mask(secret: string): void;
  /** Appends one line (without its newline). */
  line(stream: LogStream, text: string): void;
  /** Appends raw output that may hold several lines or a partial one; partial lines wait for the rest. */
  write(stream: LogStream, chunk: Buffer | string): void;
  /** Flushes what is buffered and closes the log. */
  close(): Promise<void>;
}

export type LogStream = 'stdout' | 'stderr' | 'system';

export interface LogLine {
  /** 1-based line number within the action execution's log. */
  number: number;
  /** Epoch milliseconds. */
  time: number;
  stream: LogStream;
  text: string;
}

export interface LogStore {
  open(actionExecutionId: string): ActionLog;
  /** Lines after `afterLine` (0 for the start), at most `limit`. */
  read(actionExecutionId: string, options: { afterLine: number; limit: number }): Promise<{ lines: LogLine[]; complete: boolean }>;
}
