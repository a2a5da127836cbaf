/**
 * `--auth iam|none`. `none` believes every caller, so it is allowed only where nobody else can reach the
 * server: a loopback host. Any other host defaults to `iam`, and refuses `none` saying why.
 */
export const authModes = ['iam', 'none'] as const;
export type AuthMode = (typeof authModes)[number];

const loopbackHosts = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\]|::ffff:127(\.\d{1,3}){3})$/i;

export function isLoopbackHost(host: string): boolean {
  return loopbackHosts.test(host.trim());
}

export function resolveAuthMode(host: string, requested: string | undefined): AuthMode {
  if (requested !== undefined && !(authModes as readonly string[]).includes(requested)) {
    throw new Error(`--auth must be iam or none; got ${requested}.`);
  }
  const loopback = isLoopbackHost(host);
  if (requested === 'none' && !loopback) {
    throw new Error(
      `--auth none is refused on host ${host}: without authentication anyone who reaches the port can run commands on this machine as the server's user. ` +
        'Listen on 127.0.0.1 (the default), or use --auth iam (the default for any other host) and sign requests with the credentials the server writes.',
    );
  }
  return (requested as AuthMode | undefined) ?? (loopback ? 'none' : 'iam');
}
