/**
 * Reads the ref update commands at the head of a `git-receive-pack` request body, as the body streams
 * past on its way to git: pkt-lines (4 hex digits of length, then the payload) of the form
 * `<old-id> <new-id> <ref>` (the first one followed by `\0<capabilities>`), ended by a flush-pkt
 * `0000`, then the pack. Only the commands are kept; the pack is not looked at.
 */
export interface RefCommand {
  ref: string;
  /** Absent when the push creates the ref. */
  oldCommit?: string;
  /** Absent when the push deletes the ref. */
  newCommit?: string;
}

// Commands for thousands of refs fit comfortably; a body that has not ended its command list by then
// is not a push we can describe, and is left to git to judge.
const maxCommandBytes = 4 * 1024 * 1024;
const commandPattern = /^([0-9a-f]{40}|[0-9a-f]{64}) ([0-9a-f]{40}|[0-9a-f]{64}) (\S+)$/;

export class ReceivePackCommandReader {
  readonly commands: RefCommand[] = [];
  private buffered: Buffer = Buffer.alloc(0);
  private seen = 0;
  private state: 'reading' | 'done' | 'gave-up' = 'reading';

  /** Whether the whole command list was read (a flush-pkt ended it). */
  get complete(): boolean {
    return this.state === 'done';
  }

  push(chunk: Buffer): void {
    if (this.state !== 'reading') return;
    this.seen += chunk.length;
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.state === 'reading' && this.buffered.length >= 4) {
      const length = Number.parseInt(this.buffered.subarray(0, 4).toString('latin1'), 16);
      if (Number.isNaN(length) || (length > 0 && length < 4)) {
        this.state = 'gave-up';
        return;
      }
      if (length === 0) {
        this.state = 'done';
        this.buffered = Buffer.alloc(0);
        return;
      }
      if (this.buffered.length < length) break;
      this.readLine(this.buffered.subarray(4, length).toString('utf8'));
      this.buffered = this.buffered.subarray(length);
    }
    if (this.state === 'reading' && this.seen > maxCommandBytes) this.state = 'gave-up';
  }

  private readLine(payload: string): void {
    const line = payload.split('\u0000', 1)[0]?.replace(/\n$/, '') ?? '';
    const match = commandPattern.exec(line);
    // Other lines (`shallow <id>`, a push certificate) carry no ref update.
    if (!match) return;
    const [, oldCommit = '', newCommit = '', ref = ''] = match;
    this.commands.push({
      ref,
      ...(isZeroId(oldCommit) ? {} : { oldCommit }),
      ...(isZeroId(newCommit) ? {} : { newCommit }),
    });
  }
}

function isZeroId(id: string): boolean {
  return /^0+$/.test(id);
}
