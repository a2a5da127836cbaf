import { readFileSync } from 'node:fs';
import type { ResourceLimits } from '../sandbox/resource-limits.js';

/** A limit of the server's own process (/proc/self/limits), `Infinity` when unlimited. */
export interface HostLimit {
  soft: number;
  hard: number;
}

/** /proc/self/limits' row names of the limits a container is given. */
const rows = { cpu: 'Max cpu time', fsize: 'Max file size', data: 'Max data size', nproc: 'Max processes', nofile: 'Max open files' } as const;
type Ulimit = keyof typeof rows;

export function readHostLimits(text = readFileSync('/proc/self/limits', 'utf8')): Record<Ulimit, HostLimit> {
  const read = (row: string): HostLimit => {
    const line = text.split('\n').find((candidate) => candidate.startsWith(row));
    const [soft, hard] = (line?.slice(row.length).trim().split(/\s+/) ?? []).map((value) => (value === 'unlimited' || value === undefined ? Infinity : Number(value)));
    return { soft: soft ?? Infinity, hard: hard ?? Infinity };
  };
  return Object.fromEntries(Object.entries(rows).map(([key, row]) => [key, read(row)])) as Record<Ulimit, HostLimit>;
}

const mib = 1024 * 1024;

/**
 * The engine's options for the build's limits: the same rlimits the host sandbox sets with prlimit
 * (resource-limits.ts: soft = hard, but CPU time one second higher), open files as the server has
 * them, plus the container's own cgroup bounds (its memory in all, its processes). Each rlimit is
 * capped at the server's hard limit: without CAP_SYS_RESOURCE the runtime cannot raise one, and an
 * engine's defaults above it (podman's 1048576 open files) fail every start ("setrlimit
 * RLIMIT_NOFILE: Operation not permitted").
 */
export function containerLimitArguments(limits: ResourceLimits, host: Record<Ulimit, HostLimit>): string[] {
  const capped = (name: Ulimit, soft: number, hard: number): string => {
    const top = host[name].hard;
    const value = (n: number): string => (Number.isFinite(Math.min(n, top)) ? String(Math.min(n, top)) : '-1');
    return `${name}=${value(soft)}:${value(hard)}`;
  };
  const ulimits = [
    capped('cpu', limits.cpuSeconds, limits.cpuSeconds + 1),
    capped('data', limits.memoryMb * mib, limits.memoryMb * mib),
    capped('nproc', limits.processes, limits.processes),
    capped('fsize', limits.fileSizeMb * mib, limits.fileSizeMb * mib),
    capped('nofile', host.nofile.soft, host.nofile.hard),
  ];
  return [...ulimits.flatMap((ulimit) => ['--ulimit', ulimit]), '--memory', `${limits.memoryMb}m`, '--pids-limit', String(limits.processes)];
}
