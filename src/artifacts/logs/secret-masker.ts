/**
 * Replaces every registered secret in log text with `***`. A secret with several lines is registered
 * line by line: the log is masked one line at a time, so a secret can never span a record.
 */
export class SecretMasker {
  private secrets: string[] = [];
  private longest = 0;

  add(secret: string): void {
    for (const line of secret.split(/\r?\n/)) {
      if (line.trim() === '' || this.secrets.includes(line)) continue;
      this.secrets.push(line);
      // Longest first, so a secret that contains another is masked whole.
      this.secrets.sort((a, b) => b.length - a.length);
      this.longest = Math.max(this.longest, line.length);
    }
  }

  /** The length of the longest secret: text cut at an arbitrary place must keep this much minus one back. */
  get longestSecret(): number {
    return this.longest;
  }

  mask(text: string): string {
    let masked = text;
    for (const secret of this.secrets) if (masked.includes(secret)) masked = masked.replaceAll(secret, '***');
    return masked;
  }
}
