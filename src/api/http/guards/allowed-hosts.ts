import { isIP } from 'node:net';
import type { DoorSettings } from './door-settings.js';

/**
 * The host names a request may name in its Host header. DNS rebinding points an attacker's name at this
 * server, so the browser sends that name: refusing names the server was not told about ends the attack.
 * Always allowed: IP addresses (a page can only be served from an IP by the server that has it),
 * `localhost` and its subdomains (RFC 6761 keeps them on loopback), the public URL's host and the host
 * the server listens on when that is a name.
 */
export class AllowedHosts {
  private readonly names: ReadonlySet<string>;
  readonly publicOrigin: string | undefined;

  constructor(settings: Pick<DoorSettings, 'publicUrl' | 'listenHost'>) {
    const names = new Set<string>();
    if (settings.publicUrl !== undefined) names.add(normalise(new URL(settings.publicUrl).hostname));
    if (isIP(settings.listenHost) === 0) names.add(normalise(settings.listenHost));
    this.names = names;
    this.publicOrigin = settings.publicUrl !== undefined ? new URL(settings.publicUrl).origin : undefined;
  }

  /** Whether a Host header (`name`, `name:port`, `[v6]:port`) names this server. */
  allows(hostHeader: string | undefined): boolean {
    const name = hostNameOf(hostHeader);
    if (name === undefined) return false;
    if (isIP(name) !== 0) return true;
    if (name === 'localhost' || name.endsWith('.localhost')) return true;
    return this.names.has(name);
  }
}

/** The host name of a Host header, lower case, without port, brackets or a trailing dot. */
export function hostNameOf(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined || hostHeader === '') return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hostHeader);
  if (bracketed !== null) return normalise(bracketed[1] ?? '');
  const name = hostHeader.replace(/:\d*$/, '');
  return name === '' ? undefined : normalise(name);
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}
