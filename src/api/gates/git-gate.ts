import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiServices } from '../services.js';

/**
 * git over HTTP in iam mode: Basic authentication with an access key id as the user name and its secret
 * as the password (as CodeCommit's HTTPS Git credentials are a user name and password), authorized as
 * `codecommit:GitPull` (fetch, clone) or `codecommit:GitPush` (push) on the repository's ARN. A missing
 * or wrong password gets 401 with a Basic challenge, so git asks for credentials (or a helper gives them).
 */
export function registerGitGate(app: FastifyInstance, services: ApiServices): void {
  if (services.identity.mode === 'none') return;
  app.addHook('onRequest', async (request, reply) => {
    const url = request.raw.url ?? request.url;
    if (!url.startsWith('/git/')) return undefined;
    const credentials = basicCredentials(request.headers.authorization);
    const principal = credentials === undefined ? undefined : await services.identity.principalOfSecret(credentials.user, credentials.password);
    if (principal === undefined) return challenge(reply);
    const [path = '', query = ''] = url.slice('/git/'.length).split('?', 2);
    const push = path.endsWith('/git-receive-pack') || new URLSearchParams(query).get('service') === 'git-receive-pack';
    const repository = decodeURIComponent(path.replace(/\/(info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.*)$/, '').replace(/\.git$/, ''));
    const { region, accountId } = services.partition;
    try {
      await services.identity.authorize(principal, push ? 'codecommit:GitPush' : 'codecommit:GitPull', `arn:aws:codecommit:${region}:${accountId}:${repository}`, { sourceIp: request.ip, now: services.clock.now() });
    } catch (error) {
      return reply.code(403).type('text/plain').send(`${(error as Error).message}\n`);
    }
    request.principal = principal;
    return undefined;
  });
}

function challenge(reply: FastifyReply): FastifyReply {
  return reply.code(401).header('www-authenticate', 'Basic realm="Pipewright git"').type('text/plain').send('Authentication required: an access key id as the user name and its secret as the password.\n');
}

function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  if (header === undefined || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 1 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
