import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { currentBootId, groupHasLiveMembers, processRuns, processStartTicks } from './process-identity.js';

/** One process group a build started: its id (the leader's pid) and who the leader was. */
export interface ProcessGroupRecord {
  pgid: number;
  bootId?: string;
  startTicks?: string;
  /**
   * The leader is a pid namespace's first process (a sandbox's): it dies only after every process of
   * its namespace, so the group runs exactly while its leader does. Asking the leader is one read of
   * /proc; asking the group is a walk of all of /proc whenever the leader is a zombie, which it stays
   * a while (bwrap leaves its init for the host's init to reap).
   */
  namespaceInit?: boolean;
}

/**
 * The process groups of one build. Every shell a build starts leads a group of its own (spawned
 * detached), and everything it starts stays in that group unless it leaves on purpose (setsid), so
 * killing the groups kills the whole tree. Each group is recorded in a file in the build's workspace
 * as soon as it exists: a server killed with SIGKILL leaves its builds running, and the next start
 * finds and kills them from these records (leftover-builds.ts).
 */
export class ProcessGroups {
  private readonly groups: ProcessGroupRecord[] = [];
  private readonly bootId = currentBootId();

  constructor(private readonly recordFile: string) {
    mkdirSync(dirname(recordFile), { recursive: true });
  }

  /** Records the group led by `pid`, synchronously, right after the spawn. */
  track(pid: number, namespaceInit = false): void {
    const record: ProcessGroupRecord = {
      pgid: pid,
      ...optional('bootId', this.bootId),
      ...optional('startTicks', processStartTicks(pid)),
      ...(namespaceInit ? { namespaceInit } : {}),
    };
    this.groups.push(record);
    appendFileSync(this.recordFile, `${formatRecord(record)}\n`);
  }

  /**
   * Records the group led by a sandbox's leader (a pid namespace's init) if that process still runs:
   * it is learnt a moment after the spawn; one already gone leaves nothing to end, and its id may be
   * handed out again.
   */
  trackIfAlive(pid: number): void {
    if (processStartTicks(pid) !== undefined) this.track(pid, true);
  }

  /** Whether any group of the build still has a live process (a daemon a command left running). */
  anyAlive(): boolean {
    return this.groups.some((group) => isOurs(group) && groupRuns(group));
  }

  /**
   * Ends every group: SIGTERM, then SIGKILL to what is still alive after `graceMs`. Resolves once no
   * member can run any more.
   */
  async terminate(graceMs: number): Promise<void> {
    await terminateGroups(this.groups, graceMs);
  }
}

export async function terminateGroups(groups: readonly ProcessGroupRecord[], graceMs: number): Promise<void> {
  let alive = groups.filter((group) => isOurs(group) && groupRuns(group));
  if (alive.length === 0) return;
  for (const group of alive) signalGroup(group.pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive.length > 0 && Date.now() < deadline) {
    await delay(20);
    alive = alive.filter((group) => groupRuns(group));
  }
  for (const group of alive) signalGroup(group.pgid, 'SIGKILL');
  // SIGKILL cannot be ignored; wait the moment it takes to land.
  const killDeadline = Date.now() + 5000;
  while (alive.length > 0 && Date.now() < killDeadline) {
    await delay(10);
    alive = alive.filter((group) => groupRuns(group));
  }
}

/** Whether a member of the group can still run (see ProcessGroupRecord.namespaceInit). */
export function groupRuns(group: ProcessGroupRecord): boolean {
  return group.namespaceInit === true ? processRuns(group.pgid) : groupHasLiveMembers(group.pgid);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Gone already.
  }
}

/**
 * Whether the group is still the one we started. A group id is the pid of its leader and cannot be
 * handed out again while any member lives; once the whole group died, the pid may go to a new process.
 * So: after a reboot it is not ours; if the leader's pid is alive, it is ours only if it started when
 * our leader did; if the leader is gone, any remaining members are ours.
 */
export function isOurs(record: ProcessGroupRecord): boolean {
  const bootId = currentBootId();
  if (record.bootId !== undefined && bootId !== undefined && record.bootId !== bootId) return false;
  const ticks = processStartTicks(record.pgid);
  return ticks === undefined || record.startTicks === undefined || ticks === record.startTicks;
}

function formatRecord(record: ProcessGroupRecord): string {
  return `${record.pgid} ${record.bootId ?? '-'} ${record.startTicks ?? '-'}${record.namespaceInit === true ? ' ns' : ''}`;
}

export function readRecords(recordFile: string): ProcessGroupRecord[] {
  let text: string;
  try {
    text = readFileSync(recordFile, 'utf8');
  } catch {
    return [];
  }
  const records: ProcessGroupRecord[] = [];
  for (const line of text.split('\n')) {
    const [pgid, bootId, startTicks, kind] = line.split(' ');
    if (pgid === undefined || !/^\d+$/.test(pgid) || Number(pgid) <= 1) continue;
    records.push({
      pgid: Number(pgid),
      ...(bootId !== undefined && bootId !== '-' ? { bootId } : {}),
      ...(startTicks !== undefined && startTicks !== '-' ? { startTicks } : {}),
      ...(kind === 'ns' ? { namespaceInit: true } : {}),
    });
  }
  return records;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
