import { mkdir, open, readdir, rm } from 'node:fs/promises';

/** Claims below the newest by more than this are removed; numbers only ever go up. */
const keptClaims = 100;

/**
 * The next build number of a project, unique even when builds of the project start at the same time
 * (several jobs, several worker processes on one data directory): each number is claimed by creating
 * an empty file named after it with O_EXCL, which exactly one claimant can do. The newest claim is
 * never removed, so the next number is always one above the highest on disk.
 */
export async function nextBuildNumber(claimsDir: string): Promise<number> {
  await mkdir(claimsDir, { recursive: true });
  for (;;) {
    const claimed = (await readdir(claimsDir)).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    const next = claimed.reduce((max, n) => Math.max(max, n), 0) + 1;
    try {
      await (await open(`${claimsDir}/${next}`, 'wx')).close();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    for (const old of claimed) if (old < next - keptClaims) await rm(`${claimsDir}/${old}`, { force: true });
    return next;
  }
}
