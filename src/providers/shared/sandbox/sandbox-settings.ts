import { readContainerSettings, type ContainerEngineSettings } from '../containers/container-settings.js';
import { buildBaseEnvironment } from './build-environment.js';
import type { UidRange } from './build-uid-pool.js';
import { defaultLimits, readLimits, type ResourceLimits } from './resource-limits.js';

/**
 * How the server runs builds, Commands actions and local functions, read once from its environment by
 * src/server/config.ts (ServerConfig.sandbox; see the README, "Builds in a sandbox"):
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | PIPEWRIGHT_BUILD_SANDBOX | `bwrap`: in a bubblewrap sandbox when `bwrap` works; `off`: unsandboxed, on purpose | `bwrap` |
 * | PIPEWRIGHT_BWRAP | where bubblewrap is | `bwrap` in PATH |
 * | PIPEWRIGHT_BUILD_UIDS | `first-last`: the uids builds run as when the server runs as root, one per running build (its gid the same number) | 2000000000-2000000999 |
 * | PIPEWRIGHT_BUILD_PASS_ENV | names of server variables passed to builds too (comma-separated) | none |
 * | PIPEWRIGHT_BUILD_CPU_SECONDS, _MEMORY_MB, _PROCESSES, _FILE_SIZE_MB | the default resource limits | resource-limits.ts |
 * | PIPEWRIGHT_BUILD_MIN_FREE_DISK_MB | a build is stopped when its workspace's disk has less free (disk-guard.ts) | 1024 |
 * | PIPEWRIGHT_BUILD_PREPARED_SANDBOXES | build shells kept started ahead in bubblewrap per work root and shell, each for one build (prepared-sandboxes.ts); 0: none | 2 |
 */
export interface SandboxSettings {
  mode: 'bwrap' | 'off';
  /** bubblewrap's path when not looked up in PATH. */
  bwrap?: string;
  /** One uid of the range per running build (see build-uid-pool.ts), when the server runs as root. */
  uids: UidRange;
  passEnv: readonly string[];
  /** The server's variables a build starts from (PATH, locale, the passed-on ones), taken when the settings are read. */
  hostEnvironment: Readonly<Record<string, string>>;
  limits: ResourceLimits;
  minFreeDiskMb: number;
  /** How many sandboxed build shells are kept started ahead (prepared-sandboxes.ts); 0 turns them off. */
  preparedSandboxes: number;
  /** The engine CodeBuild images run in (PIPEWRIGHT_CONTAINER_*, containers/container-settings.ts); none: builds run here. */
  container?: ContainerEngineSettings;
}

/**
 * Beyond the ranges hosts hand out: useradd's subordinate ids (rootless containers) start at 100000,
 * systemd's containers end at 1879048191; below 2^31, since some tools read uids as signed.
 */
const defaultUids: UidRange = { first: 2_000_000_000, last: 2_000_000_999 };

export function readSandboxSettings(env: Readonly<Record<string, string | undefined>>): SandboxSettings {
  const mode = env.PIPEWRIGHT_BUILD_SANDBOX?.trim().toLowerCase();
  if (mode !== undefined && mode !== '' && mode !== 'bwrap' && mode !== 'off') {
    throw new Error(`PIPEWRIGHT_BUILD_SANDBOX must be bwrap or off, not ${JSON.stringify(env.PIPEWRIGHT_BUILD_SANDBOX)}`);
  }
  const passEnv = (env.PIPEWRIGHT_BUILD_PASS_ENV ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return {
    mode: mode === 'off' ? 'off' : 'bwrap',
    ...(env.PIPEWRIGHT_BWRAP !== undefined && env.PIPEWRIGHT_BWRAP !== '' ? { bwrap: env.PIPEWRIGHT_BWRAP } : {}),
    uids: uidRange(env),
    passEnv,
    hostEnvironment: buildBaseEnvironment(env, passEnv),
    limits: readLimits(env, defaultLimits()),
    minFreeDiskMb: minFreeDisk(env.PIPEWRIGHT_BUILD_MIN_FREE_DISK_MB),
    preparedSandboxes: preparedCount(env.PIPEWRIGHT_BUILD_PREPARED_SANDBOXES),
    ...containerSettings(env),
  };
}

function uidRange(env: Readonly<Record<string, string | undefined>>): UidRange {
  for (const old of ['PIPEWRIGHT_BUILD_UID', 'PIPEWRIGHT_BUILD_GID']) {
    if (env[old] !== undefined && env[old] !== '') throw new Error(`${old} is replaced by PIPEWRIGHT_BUILD_UIDS (first-last: a uid of its own for each running build)`);
  }
  const text = env.PIPEWRIGHT_BUILD_UIDS?.trim();
  if (text === undefined || text === '') return defaultUids;
  const match = /^(\d+)\s*-\s*(\d+)$/.exec(text) ?? /^(\d+)$/.exec(text);
  const first = Number(match?.[1]);
  const last = Number(match?.[2] ?? match?.[1]);
  // 0 would be root again (the point of the setting is not to be); 2^32-1 is "no id" to the kernel.
  if (match === null || first <= 0 || last < first || last >= 2 ** 32 - 1) {
    throw new Error(`PIPEWRIGHT_BUILD_UIDS must be a range of user ids first-last (not root), not ${JSON.stringify(env.PIPEWRIGHT_BUILD_UIDS)}`);
  }
  return { first, last };
}

function minFreeDisk(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 1024;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`PIPEWRIGHT_BUILD_MIN_FREE_DISK_MB must be a whole number of MiB, not ${JSON.stringify(text)}`);
  return value;
}

function preparedCount(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 2;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0 || value > 64) throw new Error(`PIPEWRIGHT_BUILD_PREPARED_SANDBOXES must be a whole number from 0 to 64, not ${JSON.stringify(text)}`);
  return value;
}

function containerSettings(env: Readonly<Record<string, string | undefined>>): { container?: ContainerEngineSettings } {
  const container = readContainerSettings(env);
  return container === undefined ? {} : { container };
}
