import type { FastifyReply } from 'fastify';

/**
 * Headers every deployed site's answer carries, so that a site's scripts cannot act as the console:
 * - `Content-Security-Policy: sandbox …` without `allow-same-origin` gives the page an opaque origin.
 *   Its requests to `/` and `/api` are then cross-origin (`Origin: null`, refused by the CSRF guard for
 *   writes), their answers unreadable (no CORS headers), `document.cookie` and storage are closed to it
 *   and cookies marked SameSite are not sent with its requests. Scripts, forms and pop-ups still run, as
 *   on an S3 website; pop-ups stay sandboxed.
 * - `Cross-Origin-Opener-Policy` cuts the link to a console window that opened the site.
 * - `Referrer-Policy: no-referrer` keeps console paths out of the sites' logs of other servers.
 */
export const siteIsolationHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': 'sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads',
  'cross-origin-opener-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export function isolateSite(reply: FastifyReply): FastifyReply {
  return reply.headers(siteIsolationHeaders);
}
