/**
 * The resource limits of a build's processes, set with setrlimit (util-linux `prlimit`) on the
 * sandbox, so every process of the build inherits them and none can raise them (soft = hard, but
 * for CPU time: see prlimitArguments).
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
