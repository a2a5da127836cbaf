import { createRepository, listRepositories } from '../../client/index.js';
import { printJson } from '../cli-context.js';
import { table } from '../format.js';
import { runAction } from '../run-action.js';

/**
 * `repo create NAME` (prints the clone URL; --json: `{name, bare, defaultBranch, cloneUrl}`) and
 * `repo list` (--json: `{repositories: […]}`): the git repositories the server hosts for CodeCommit sources.
 */
export const repoAction = runAction<object, [string]>(async ({ connection, json, out }, _options, name) => {
        const repository = await createRepository(connection, name);
        if (json) printJson(repository);
        else out.line(repository.cloneUrl);
      });

export const repoAction2 = runAction<object>(async ({ connection, json, out }) => {
      const response = await listRepositories(connection);
      if (json) printJson(response);
      else if (response.repositories.length === 0) out.line('No repositories yet. Create one with `pipewright repo create NAME`.');
      else for (const line of table(out.colors, ['NAME', 'BRANCH', 'CLONE URL'], response.repositories.map((r) => [r.name, r.defaultBranch, r.cloneUrl]))) out.line(line);
    });
