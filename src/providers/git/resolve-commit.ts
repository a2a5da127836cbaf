import { GitCommandError, runGit } from './git-process.js';

/**
 * The full commit id a revision names in `gitDir` (a ref such as `refs/heads/main`, or a full or
 * abbreviated commit id), or undefined when it names no commit there.
 */
export async function resolveCommit(env: NodeJS.ProcessEnv, gitDir: string, revision: string): Promise<string | undefined> {
  try {
    const { stdout } = await runGit({ args: ['--git-dir', gitDir, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], env });
    return stdout.toString('utf8').trim();
  } catch (error) {
    // --verify --quiet exits 1 without a word when the revision names nothing.
    if (error instanceof GitCommandError && error.exitCode === 1) return undefined;
    throw error;
  }
}
