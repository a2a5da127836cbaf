import { basename } from 'node:path';

/**
 * The resource limits of a build's processes, set with setrlimit before anything of the build runs, so
 * every process of the build inherits them and none can raise them (soft = hard, but for CPU time: see
 * prlimitArguments): by the build's shell itself (shellLimitsScript, the first lines of its script, no
 * process of its own) or, for any other program (a local function), by util-linux `prlimit`.
 *
 * Each limit has a server default (the environment variable, read at start) and may be set per
 * project or per action by declaring the same name among the project's or the action's environment
 * variables (never the buildspec's own `env`: whoever writes the buildspec must not lift its limits).
 */
export interface ResourceLimits {
  cpuSeconds: number;
  memoryMb: number;
  processes: number;
  fileSizeMb: number;
}

interface LimitRule {
  key: keyof ResourceLimits;
  variable: string;
  /** prlimit's option; the value is given in the unit `toRlimit` turns it into. */
  option: string;
  toRlimit: (value: number) => number;
  defaultValue: number;
  describe: (value: number) => string;
}

const mib = 1024 * 1024;

/**
 * CodeBuild's smallest Linux compute type has 3 GB of memory and 2 vCPUs; its builds time out after
 * 8 hours at most. Memory is RLIMIT_DATA (the writable private memory a process maps: heap, malloc'd
 * and anonymous memory), not RLIMIT_AS: address space that is only reserved (WebAssembly's guard
 * regions in Node's fetch, a JVM's heap reservation) would hit an address-space limit long before any
 * memory is used. The process limit stops a fork bomb long before the host's own table fills.
 */
export const limitRules: readonly LimitRule[] = [
  { key: 'cpuSeconds', variable: 'PIPEWRIGHT_BUILD_CPU_SECONDS', option: '--cpu', toRlimit: (v) => v, defaultValue: 8 * 3600, describe: (v) => `CPU time ${v} s per process` },
  { key: 'memoryMb', variable: 'PIPEWRIGHT_BUILD_MEMORY_MB', option: '--data', toRlimit: (v) => v * mib, defaultValue: 8192, describe: (v) => `memory ${v} MiB per process` },
  { key: 'processes', variable: 'PIPEWRIGHT_BUILD_PROCESSES', option: '--nproc', toRlimit: (v) => v, defaultValue: 1024, describe: (v) => `${v} processes` },
  { key: 'fileSizeMb', variable: 'PIPEWRIGHT_BUILD_FILE_SIZE_MB', option: '--fsize', toRlimit: (v) => v * mib, defaultValue: 10240, describe: (v) => `file size ${v} MiB` },
];

/** Reads limits from `values` (variables by name), each missing or unreadable one taken from `base`. */
export function readLimits(values: Readonly<Record<string, string | undefined>>, base: ResourceLimits = defaultLimits()): ResourceLimits {
  const limits = { ...base };
  for (const rule of limitRules) {
    const text = values[rule.variable];
    if (text === undefined) continue;
    const value = Number(text);
    if (Number.isSafeInteger(value) && value > 0) limits[rule.key] = value;
  }
  return limits;
}

export function defaultLimits(): ResourceLimits {
  return Object.fromEntries(limitRules.map((rule) => [rule.key, rule.defaultValue])) as unknown as ResourceLimits;
}

/**
 * `prlimit` options setting soft and hard limits alike, but for CPU time: at a hard limit the kernel
 * sends SIGKILL, at the soft one SIGXCPU, which says why (and the hard limit follows a second later).
 */
export function prlimitArguments(limits: ResourceLimits): string[] {
  return limitRules.map((rule) => {
    const value = rule.toRlimit(limits[rule.key]);
    return `${rule.option}=${value}:${rule.key === 'cpuSeconds' ? value + 1 : value}`;
  });
}

/**
 * The same limits as prlimitArguments set by the shell that runs the build, its first lines: a
 * `prlimit` process fewer per shell. dash (Debian's /bin/sh) and bash differ: the process limit is
 * `-p` in dash and `-u` in bash, and `-f` counts 512-byte blocks in dash and in bash's POSIX mode
 * (bash as `sh`, or POSIXLY_CORRECT), KiB otherwise; `-d` is KiB in both. Without -H or -S both set
 * the soft and the hard limit; the CPU's soft limit is set before its higher hard one (a hard limit
 * under the soft one is refused). A limit that cannot be set ends the shell before the build runs.
 *
 * The shell must be started as shellLimitsArguments says: else bash runs, before the first line, what
 * the build's environment may name: a BASH_ENV file, SHELLOPTS (xtrace, with a PS4 that runs a
 * command), exported functions (one named `ulimit`), and with SSH_CLIENT set (or a socket as stdin)
 * `~/.bashrc`, which a build's earlier shell may have written. `-p` skips the first three, `--norc`
 * the last; `set +p` then changes nothing else (the real and effective ids are the same). dash reads
 * none of them (ENV only when interactive) and accepts -p.
 */
export function shellLimitsScript(limits: ResourceLimits): string {
  const fileKib = limits.fileSizeMb * 1024;
  const unset = "{ echo '[Pipewright sandbox] Could not set the resource limits of the build, which does not run without them.' >&2; exit 125; }";
  return [
    `if [ -n "\${BASH_VERSION-}" ]; then __pw_nproc=-u; if shopt -oq posix; then __pw_fsize=${fileKib * 2}; else __pw_fsize=${fileKib}; fi; else __pw_nproc=-p; __pw_fsize=${fileKib * 2}; fi`,
    `ulimit -S -t ${limits.cpuSeconds} && ulimit -H -t ${limits.cpuSeconds + 1} && ulimit -d ${limits.memoryMb * 1024} && ulimit -f "$__pw_fsize" && ulimit "$__pw_nproc" ${limits.processes} || ${unset}`,
    'unset __pw_nproc __pw_fsize; set +p',
    '',
  ].join('\n');
}

/** `sh -c script…` as `sh -p -c <limits>script…`, bash's with `--norc` first (see shellLimitsScript). */
export function shellLimitsArguments(shell: string, args: readonly string[], limits: ResourceLimits): string[] {
  return [...(basename(shell) === 'bash' ? ['--norc'] : []), '-p', args[0]!, `${shellLimitsScript(limits)}${args[1]!}`, ...args.slice(2)];
}

export function describeLimits(limits: ResourceLimits): string {
  return limitRules.map((rule) => rule.describe(limits[rule.key])).join(', ');
}

/**
 * What a command's exit status says about a limit: a shell reports a command killed by signal N as
 * 128 + N. SIGXCPU (24) and SIGXFSZ (25) are the kernel's answers to the CPU and file size limits.
 */
export function limitExplanation(exitCode: number, limits: ResourceLimits): string | undefined {
  const rule = (key: keyof ResourceLimits): LimitRule => limitRules.find((candidate) => candidate.key === key)!;
  if (exitCode === 128 + 24) {
    return `killed by SIGXCPU: a process used up its CPU time limit (${limits.cpuSeconds} s; set ${rule('cpuSeconds').variable} in the project or action to change it)`;
  }
  if (exitCode === 128 + 25) {
    return `killed by SIGXFSZ: a file grew past the file size limit (${limits.fileSizeMb} MiB; set ${rule('fileSizeMb').variable} in the project or action to change it)`;
  }
  return undefined;
}
