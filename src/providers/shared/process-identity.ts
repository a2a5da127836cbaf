import { readdirSync, readFileSync } from 'node:fs';

/** The boot id, once read (null: not read yet). */
let bootId: string | undefined | null = null;

/**
 * What tells one process apart from a later one that got the same id: the boot it ran in and its start
 * time in clock ticks since boot (/proc/<pid>/stat field 22). Linux only; elsewhere these are unknown
 * and callers fall back to what `kill(pid, 0)` can say.
 */
export function currentBootId(): string | undefined {
  // Read once: the boot a process runs in cannot change while it runs (it was read 5 times per build).
  if (bootId === null) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = undefined;
    }
  }
  return bootId;
}

interface ProcStat {
  state: string;
  pgrp: number;
  startTicks: string;
}

function readStat(pid: string | number): ProcStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or parentheses: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), fields[2] field 5 (pgrp), fields[19] field 22 (starttime).
  const [state, , pgrp] = fields;
  const startTicks = fields[19];
  if (state === undefined || pgrp === undefined || startTicks === undefined) return undefined;
  return { state, pgrp: Number(pgrp), startTicks };
}

export function processStartTicks(pid: number): string | undefined {
  return readStat(pid)?.startTicks;
}

let procReadable: boolean | undefined;

/** Whether /proc can be read here (a fact of the host and its mounts: asked once). */
export function procAvailable(): boolean {
  procReadable ??= readStat('self') !== undefined;
  return procReadable;
}


/** Whether the process runs (exists and is not a zombie). */
export function processRuns(pid: number): boolean {
  const state = readStat(pid)?.state;
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/**
 * Whether a process group still has a member that can run. Zombies do not count: a container whose
 * init never reaps would otherwise keep a dead group "alive" forever.
 */
export function groupHasLiveMembers(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    // EPERM: members exist but are not ours to signal; they count as alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (!procAvailable()) return true;
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    const stat = readStat(entry);
    if (stat !== undefined && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') return true;
  }
  return false;
}
