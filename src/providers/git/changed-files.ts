import { runGit } from './git-process.js';

/**
 * The paths that differ between two commits, for V2 triggers' `filePaths` filters. A rename counts as
 * both its old and its new path (a filter on either must match). Without `from` (a branch's first
 * commit seen) every path of `to` counts as changed. Paths are as git stores them, sorted.
 */
export async function changedFiles(env: NodeJS.ProcessEnv, gitDir: string, from: string | undefined, to: string): Promise<string[]> {
  const args =
    from === undefined
      ? ['--git-dir', gitDir, 'ls-tree', '-r', '-z', '--name-only', to]
      : ['--git-dir', gitDir, 'diff-tree', '-r', '-z', '--name-only', '--no-renames', '--no-commit-id', from, to];
  const { stdout } = await runGit({ args, env });
  const paths = stdout.toString('utf8').split('\u0000').filter((path) => path !== '');
  return [...new Set(paths)].sort();
}
