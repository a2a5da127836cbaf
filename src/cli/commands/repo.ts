import { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';

/**
 * `repo create NAME` (prints the clone URL; --json: `{name, bare, defaultBranch, cloneUrl}`) and
 * `repo list` (--json: `{repositories: […]}`): the git repositories the server hosts for CodeCommit sources.
 */
export function repoCommand(): Command {
  const create = new Command('create')
    .description('Create a git repository on the server; prints its clone URL.')
    .argument('<name>', 'the repository (CodeCommit sources name it as RepositoryName)')
    .action(lazyAction(() => import('../actions/repo.js'), 'repoAction'));
  const list = new Command('list').description('List the git repositories on the server.').action(lazyAction(() => import('../actions/repo.js'), 'repoAction2'));
  return new Command('repo').description('Git repositories hosted by the server.').addCommand(create).addCommand(list);
}
