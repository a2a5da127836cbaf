/**
 * Splits a shell's stdout into the build's output and the control markers our session script prints
 * between commands (`\x01pw:<nonce>:<payload>\n`). Markers travel in the same pipe as the output, so
 * "command 3 started" lands in the log exactly between the output before and after it. A marker may
 * arrive cut across chunks, and may follow output that had no newline; the nonce makes sure a build's
 * own output is never taken for one.
 */
export class MarkerScanner {
  private readonly prefix: Buffer;
  private held: Buffer = Buffer.alloc(0);

  constructor(
    nonce: string,
    private readonly onData: (chunk: Buffer) => void,
    private readonly onMarker: (payload: string) => void,
  ) {
    this.prefix = Buffer.from(`\x01pw:${nonce}:`);
  }

  static prefixFor(nonce: string): string {
    return `\\001pw:${nonce}:`;
  }

  feed(chunk: Buffer): void {
    let data = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
    this.held = Buffer.alloc(0);
    for (;;) {
      const at = data.indexOf(1);
      if (at === -1) {
        if (data.length > 0) this.onData(data);
        return;
      }
      const candidate = data.subarray(at);
      const compared = Math.min(candidate.length, this.prefix.length);
      if (!candidate.subarray(0, compared).equals(this.prefix.subarray(0, compared))) {
        // A 0x01 of the build's own output.
        this.onData(data.subarray(0, at + 1));
        data = data.subarray(at + 1);
        continue;
      }
      const end = candidate.length < this.prefix.length ? -1 : candidate.indexOf(10, this.prefix.length);
      if (end === -1) {
        // Could be the start of a marker: keep it until the rest arrives.
        if (at > 0) this.onData(data.subarray(0, at));
        this.held = Buffer.from(candidate);
        return;
      }
      if (at > 0) this.onData(data.subarray(0, at));
      this.onMarker(candidate.toString('utf8', this.prefix.length, end));
      data = candidate.subarray(end + 1);
    }
  }

  /** What was held back when the stream ended was output after all. */
  end(): void {
    if (this.held.length > 0) this.onData(this.held);
    this.held = Buffer.alloc(0);
  }
}
