import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PipewrightError } from '../../../core/errors/index.js';
import { sendApiError } from '../api-route-support.js';
import type { AllowedHosts } from './allowed-hosts.js';

/**
 * Content types any web page may send to any server without asking first (the Fetch standard's
 * CORS-safelisted request header values): a request carrying one may come from a form or a script of
 * another site, so a state-changing API call never takes one.
 */
const simpleContentTypes = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/** `Sec-Fetch-Site` values of requests started by another site's page. */
const foreignFetchSites = new Set(['cross-site', 'same-site']);

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a state-changing request to the JSON API (`POST /`) or an `/api/…` route is refused when a
 * browser says it comes from another origin (`Origin`, `Sec-Fetch-Site`; a sandboxed deployed site's
 * origin is `null`) or when it carries a content type a page could send cross-origin without a preflight.
 * The console (same origin, JSON) and the AWS SDKs and CLIs (no Origin, JSON 1.1) pass. Webhooks, git
 * and the S3 door are not guarded here: their callers are other servers and git, never a page.
 */
export function registerCrossOriginGuard(app: FastifyInstance, hosts: AllowedHosts): void {
  app.addHook('onRequest', async (request, reply) => {
    if (readMethods.has(request.method) || !isApiPath(request.url)) return;
    const problem = crossOriginProblem(request, hosts) ?? (isSigned(request) ? undefined : contentTypeProblem(request));
    if (problem === undefined) return;
    return sendApiError(request, reply, new PipewrightError('AccessDeniedException', problem));
  });
}

function isApiPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === '/' || path.startsWith('/api/');
}

function crossOriginProblem(request: FastifyRequest, hosts: AllowedHosts): string | undefined {
  const origin = request.headers.origin;
  if (origin !== undefined && !isSameOrigin(origin, request.headers.host, hosts)) {
    return `Cross-origin request refused: Origin ${JSON.stringify(origin.slice(0, 255))} is not this server, and ${request.method} ${pathOf(request)} changes state.`;
  }
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && foreignFetchSites.has(site)) {
    return `Cross-origin request refused: the browser says this ${request.method} ${pathOf(request)} comes from another site (Sec-Fetch-Site: ${site}).`;
  }
  return undefined;
}

function isSameOrigin(origin: string, host: string | undefined, hosts: AllowedHosts): boolean {
  if (origin === hosts.publicOrigin) return true;
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    // `null` (sandboxed documents, opaque origins) and anything unparsable.
    return false;
  }
}

/**
 * A SigV4-signed call (IAM and STS take form posts, `application/x-www-form-urlencoded`) proves itself by
 * its signature, not by a cookie the browser adds; and a page cannot send an Authorization header
 * cross-origin without a preflight this server never grants. Its content type is no CSRF sign.
 */
function isSigned(request: FastifyRequest): boolean {
  return request.headers.authorization !== undefined || /[?&]X-Amz-Signature=/.test(request.url);
}

function contentTypeProblem(request: FastifyRequest): string | undefined {
  const contentType = request.headers['content-type'];
  if (contentType === undefined) return undefined;
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!simpleContentTypes.has(mediaType)) return undefined;
  return (
    `${request.method} ${pathOf(request)} with Content-Type ${mediaType} is refused: any web page can send that type to any server (CSRF). ` +
    'Send application/json (or application/x-amz-json-1.1 to the JSON API).'
  );
}

function pathOf(request: FastifyRequest): string {
  return (request.url.split('?')[0] ?? '').slice(0, 200);
}
