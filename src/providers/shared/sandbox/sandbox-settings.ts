import { defaultLimits, readLimits, type ResourceLimits } from './resource-limits.js';

/**
 * How the server runs builds, Commands actions and local functions, read from its environment at
 * start (see the README, "Builds in a sandbox"):
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | PIPEWRIGHT_BUILD_SANDBOX | `bwrap`: in a bubblewrap sandbox when `bwrap` works; `off`: unsandboxed, on purpose | `bwrap` |
 * | PIPEWRIGHT_BWRAP | where bubblewrap is | `bwrap` in PATH |
 * | PIPEWRIGHT_BUILD_UID, PIPEWRIGHT_BUILD_GID | who builds run as when the server runs as root | 65534 (nobody, nogroup) |
 * | PIPEWRIGHT_BUILD_PASS_ENV | names of server variables passed to builds too (comma-separated) | none |
 * | PIPEWRIGHT_BUILD_CPU_SECONDS, _MEMORY_MB, _PROCESSES, _FILE_SIZE_MB | the default resource limits | resource-limits.ts |
 */
export interface SandboxSettings {
  mode: 'bwrap' | 'off';
  /** bubblewrap's path when not looked up in PATH. */
  bwrap?: string;
  uid: number;
  gid: number;
  passEnv: readonly string[];
  limits: ResourceLimits;
}

const nobody = 65534;

export function readSandboxSettings(env: Readonly<Record<string, string | undefined>>): SandboxSettings {
  const mode = env.PIPEWRIGHT_BUILD_SANDBOX?.trim().toLowerCase();
  if (mode !== undefined && mode !== '' && mode !== 'bwrap' && mode !== 'off') {
    throw new Error(`PIPEWRIGHT_BUILD_SANDBOX must be bwrap or off, not ${JSON.stringify(env.PIPEWRIGHT_BUILD_SANDBOX)}`);
  }
  return {
    mode: mode === 'off' ? 'off' : 'bwrap',
    ...(env.PIPEWRIGHT_BWRAP !== undefined && env.PIPEWRIGHT_BWRAP !== '' ? { bwrap: env.PIPEWRIGHT_BWRAP } : {}),
    uid: id(env.PIPEWRIGHT_BUILD_UID, 'PIPEWRIGHT_BUILD_UID') ?? nobody,
    gid: id(env.PIPEWRIGHT_BUILD_GID, 'PIPEWRIGHT_BUILD_GID') ?? nobody,
    passEnv: (env.PIPEWRIGHT_BUILD_PASS_ENV ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
    limits: readLimits(env, defaultLimits()),
  };
}

function id(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  // 0 would be root again: the point of the setting is not to be.
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive user or group id, not ${JSON.stringify(text)}`);
  return value;
}
