import type { ActionLog, LogStream } from '../../../core/contracts/action-log.js';

/**
 * The action's log as one build of a batch writes it: every line prefixed with the build's identifier,
 * so builds running side by side stay readable. Partial lines wait for their end; masks are shared.
 */
export class PrefixedLog implements ActionLog {
  private readonly partial: Record<LogStream, string> = { stdout: '', stderr: '', system: '' };

  constructor(
    private readonly log: ActionLog,
    private readonly prefix: string,
  ) {}

  mask(secret: string): void {
    this.log.mask(secret);
  }

  line(stream: LogStream, text: string): void {
    this.log.line(stream, `[${this.prefix}] ${text}`);
  }

  write(stream: LogStream, chunk: Buffer | string): void {
    const lines = (this.partial[stream] + chunk.toString()).split('\n');
    this.partial[stream] = lines.pop() ?? '';
    for (const text of lines) this.line(stream, text);
  }

  /** Writes what is left of a partial line; the action's log stays open. */
  close(): Promise<void> {
    for (const stream of ['stdout', 'stderr', 'system'] as const) {
      if (this.partial[stream] !== '') this.line(stream, this.partial[stream]);
      this.partial[stream] = '';
    }
    return Promise.resolve();
  }
}
