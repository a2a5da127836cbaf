import { Command } from 'commander';
import { createRepository, listRepositories } from '../../client/index.js';
import { printJson } from '../cli-context.js';
import { table } from '../format.js';
import { runAction } from '../run-action.js';

/**
 * `repo create NAME` (prints the clone URL; --json: `{name, bare, defaultBranch, cloneUrl}`) and
 * `repo list` (--json: `{repositories: […]}`): the git repositories the server hosts for CodeCommit sources.
 */
export function repoCommand(): Command {
  const create = new Command('create')
    .description('Create a git repository on the server; prints its clone URL.')
    .argument('<name>', 'the repository (CodeCommit sources name it as RepositoryName)')
    .action(
      runAction<object, [string]>(async ({ connection, json, out }, _options, name) => {
        const repository = await createRepository(connection, name);
        if (json) printJson(repository);
        else out.line(repository.cloneUrl);
      }),
    );
  const list = new Command('list').description('List the git repositories on the server.').action(
    runAction<object>(async ({ connection, json, out }) => {
      const response = await listRepositories(connection);
      if (json) printJson(response);
      else if (response.repositories.length === 0) out.line('No repositories yet. Create one with `pipewright repo create NAME`.');
      else for (const line of table(out.colors, ['NAME', 'BRANCH', 'CLONE URL'], response.repositories.map((r) => [r.name, r.defaultBranch, r.cloneUrl]))) out.line(line);
    }),
  );
  return new Command('repo').description('Git repositories hosted by the server.').addCommand(create).addCommand(list);
}
