import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readRepositoryDetails } from './git-repository-details.js';
import { createRepository, findRepository, gitServerEnvironment, isValidRepositoryName, listRepositories } from './git-repositories.js';

/**
 * Pipewright's repository endpoints (what `pipewright repo create` and the console call):
 * - `POST /api/repos` `{"name": "app"}` creates a bare repository served at `/git/app` (201), refusing an
 *   invalid name (400 ValidationException) or one in use (409 RepositoryNameExistsException, CodeCommit's
 *   name for it);
 * - `GET /api/repos` lists them: `{"repositories": [{"name", "bare", "defaultBranch", "cloneUrl"}]}`;
 * - `GET /api/repos/<name>` is one of them with its `branches` and the default branch's recent `commits`
 *   (the console's repository page), or 404 RepositoryDoesNotExistException (CodeCommit's name for it).
 */
export function registerReposRoutes(app: FastifyInstance, options: { dataDir: string; reposDir?: string }): void {
  const reposDir = options.reposDir ?? join(options.dataDir, 'repos');
  const env = gitServerEnvironment(options.dataDir);

  app.get('/api/repos', async (request) => {
    const repositories = await listRepositories(reposDir);
    return { repositories: repositories.map((repository) => ({ ...repository, cloneUrl: cloneUrl(request, repository.name) })) };
  });

  app.get('/api/repos/*', async (request, reply) => {
    const name = (request.params as Record<string, string | undefined>)['*'] ?? '';
    const repository = findRepository(reposDir, name);
    const summary = repository !== undefined ? (await listRepositories(reposDir)).find((candidate) => candidate.name === repository.name) : undefined;
    if (repository === undefined || summary === undefined) return refuse(reply, 404, 'RepositoryDoesNotExistException', `${name} does not exist`);
    const details = await readRepositoryDetails(repository, summary.defaultBranch, env);
    return { ...summary, cloneUrl: cloneUrl(request, repository.name), ...details };
  });

  app.post('/api/repos', async (request, reply) => {
    const name = nameFrom(request.body);
    if (name === undefined) {
      return refuse(reply, 400, 'ValidationException', 'The request body must be JSON with a string member "name".');
    }
    if (!isValidRepositoryName(name)) {
      return refuse(
        reply,
        400,
        'ValidationException',
        `The repository name ${JSON.stringify(name)} is not valid: use 1 to 4 segments separated by "/", each of letters, digits, "_", "." and "-", not starting with "." (at most 100 characters each).`,
      );
    }
    const result = await createRepository(reposDir, name, env);
    if ('refused' in result) return refuse(reply, 409, 'RepositoryNameExistsException', result.message);
    request.log.info({ repository: name }, 'repository created');
    return reply.code(201).send({ name, bare: true, defaultBranch: 'main', cloneUrl: cloneUrl(request, name) });
  });
}

function nameFrom(body: unknown): string | undefined {
  if (typeof body !== 'string' || body === '') return undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const name = (parsed as Record<string, unknown>).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

function refuse(reply: FastifyReply, status: number, type: string, message: string): FastifyReply {
  return reply.code(status).send({ __type: type, message });
}

/** The URL a user clones from: this server as the caller reached it, at `/git/<name>`. */
function cloneUrl(request: FastifyRequest, name: string): string {
  return `${request.protocol}://${request.host}/git/${name}`;
}
