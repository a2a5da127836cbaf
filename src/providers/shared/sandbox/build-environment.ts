/**
 * The host variables a build starts from: what a CodeBuild image sets for its processes (the search
 * path, locale and time zone), never the server's own environment (its database URL, the S3 secret,
 * whatever the operator exported). The operator names more in PIPEWRIGHT_BUILD_PASS_ENV. HOME, USER
 * and LOGNAME are the sandbox's (sandbox-launcher.ts); the build's own variables come on top.
 */
const hostVariables = ['PATH', 'LANG', 'LANGUAGE', 'TZ', 'TERM'] as const;
const fallbackPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function buildBaseEnvironment(serverEnv: Readonly<Record<string, string | undefined>>, passEnv: readonly string[]): Record<string, string> {
  const env: Record<string, string> = { PATH: fallbackPath };
  for (const [name, value] of Object.entries(serverEnv)) {
    if (value === undefined) continue;
    if ((hostVariables as readonly string[]).includes(name) || name.startsWith('LC_') || passEnv.includes(name)) env[name] = value;
  }
  return env;
}
