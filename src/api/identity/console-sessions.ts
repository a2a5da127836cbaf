import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../../core/identity/principal.js';

/**
 * The console's sessions and one-time sign-in links, kept in memory: a restart signs everyone out, and
 * a database copy holds no session. A cookie carries a random token; only its hash is kept.
 */
export const sessionCookieName = 'pipewright-session';
const sessionLifetimeMs = 12 * 60 * 60 * 1000;
const linkLifetimeMs = 10 * 60 * 1000;

interface Held {
  principal: Principal;
  expires: number;
}

export class ConsoleSessions {
  private readonly sessions = new Map<string, Held>();
  private readonly links = new Map<string, Held>();

  /** Opens a session for `principal`; returns the token the cookie carries. */
  open(principal: Principal, now: number): { token: string; maxAgeSeconds: number } {
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(hash(token), { principal, expires: now + sessionLifetimeMs });
    return { token, maxAgeSeconds: sessionLifetimeMs / 1000 };
  }

  close(cookieHeader: string | string[] | undefined): void {
    const token = tokenOf(cookieHeader);
    if (token !== undefined) this.sessions.delete(hash(token));
  }

  principalOf(cookieHeader: string | string[] | undefined, now: number): Principal | undefined {
    const token = tokenOf(cookieHeader);
    if (token === undefined) return undefined;
    const held = this.sessions.get(hash(token));
    if (held === undefined) return undefined;
    if (held.expires <= now) {
      this.sessions.delete(hash(token));
      return undefined;
    }
    return held.principal;
  }

  /** A one-time sign-in link token for `principal` (printed by `pipewright console-link`). */
  issueLink(principal: Principal, now: number): string {
    const token = randomBytes(24).toString('base64url');
    this.links.set(hash(token), { principal, expires: now + linkLifetimeMs });
    return token;
  }

  /** The principal a link token names, once: the token is spent whatever the outcome. */
  redeemLink(token: string, now: number): Principal | undefined {
    const key = hash(token);
    const held = this.links.get(key);
    this.links.delete(key);
    return held !== undefined && held.expires > now ? held.principal : undefined;
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function tokenOf(cookieHeader: string | string[] | undefined): string | undefined {
  const header = Array.isArray(cookieHeader) ? cookieHeader.join('; ') : cookieHeader;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === sessionCookieName) return value.join('=');
  }
  return undefined;
}
