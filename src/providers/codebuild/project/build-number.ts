import { mkdir, readdir, rm } from 'node:fs/promises';

/** Claims below the newest by more than this are removed; numbers only ever go up. */
const keptClaims = 100;
/** Old claims are looked for once in this many builds, not at every build. */
const pruneEvery = 25;
/** Claim folders this process has made or found already: no `mkdir -p` of them at every build. */
const knownClaimDirs = new Set<string>();

/**
 * The next build number of a project, unique even when builds of the project start at the same time
 * (several jobs, several worker processes on one data directory): each number is claimed by creating
 * an entry named after it that exactly one claimant can create. The entry is a directory: `mkdir` is
 * one system call that fails with EEXIST for every claimant but one, where an exclusive file needs an
 * open and a close (claims of earlier versions are files; both are read alike). The newest claim is
 * never removed, so the next number is always one above the highest on disk.
 */
export async function nextBuildNumber(claimsDir: string): Promise<number> {
  if (!knownClaimDirs.has(claimsDir)) {
    await mkdir(claimsDir, { recursive: true });
    knownClaimDirs.add(claimsDir);
  }
  try {
    return await claimNext(claimsDir);
  } catch (error) {
    // The folder went away under a running server (a data directory cleaned by hand): make it again.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    knownClaimDirs.delete(claimsDir);
    await mkdir(claimsDir, { recursive: true });
    knownClaimDirs.add(claimsDir);
    return claimNext(claimsDir);
  }
}

async function claimNext(claimsDir: string): Promise<number> {
  for (;;) {
    const claimed = (await readdir(claimsDir)).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    const next = claimed.reduce((max, n) => Math.max(max, n), 0) + 1;
    try {
      await mkdir(`${claimsDir}/${next}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    if (next % pruneEvery === 0) await Promise.all(claimed.filter((old) => old < next - keptClaims).map((old) => rm(`${claimsDir}/${old}`, { force: true, recursive: true })));
    return next;
  }
}
