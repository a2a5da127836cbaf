import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { groupRuns, isOurs, readRecords, terminateGroups, type ProcessGroupRecord } from './process-groups.js';

/** Where a build's workspace records its process groups (see ProcessGroups). */
export function processGroupsFile(workspace: string): string {
  return join(workspace, 'build', 'process-groups');
}

/**
 * Kills what builds of a previous server process left running: a server killed with SIGKILL cannot
 * stop its builds, so the next start reads the process groups recorded in each workspace under
 * `workRoot` (`<workRoot>/<job>/build/process-groups`) and ends those still alive and still ours.
 * Call it at start, before any new build runs. Returns how many groups were still alive.
 */
export async function killLeftoverBuilds(workRoot: string, options: { graceMs?: number } = {}): Promise<number> {
  let jobs: string[];
  try {
    jobs = await readdir(workRoot);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let alive = 0;
  const records: ProcessGroupRecord[] = [];
  for (const job of jobs) {
    const file = processGroupsFile(join(workRoot, job));
    const found = readRecords(file).filter((record) => isOurs(record) && groupRuns(record));
    alive += found.length;
    records.push(...found);
  }
  await terminateGroups(records, options.graceMs ?? 5000);
  for (const job of jobs) await rm(processGroupsFile(join(workRoot, job)), { force: true });
  return alive;
}
