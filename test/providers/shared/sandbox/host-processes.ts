import { readdirSync, readFileSync } from 'node:fs';

/**
 * The host's pids of live processes whose command line holds `marker`, read from /proc. A sandboxed
 * build's processes have other pids inside their namespace, so tests look for them by what they run
 * (`sleep 600.123` with a number of the test's own).
 */
export function hostProcessesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (cmdline.includes(marker) && state !== 'Z' && !cmdline.includes('vitest')) found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** A marker no other process has: a sleep of a unique fractional length. */
export function uniqueSleep(): string {
  return `600.${process.pid}${Math.floor(Math.random() * 1e6)}`;
}
