import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from '../../providers/git/git-process.js';
import { sampleAppDir } from './demo-names.js';

const author = { name: 'Pipewright demo', email: 'demo@pipewright.invalid' };

/**
 * Commits the sample application with real git, authored "Pipewright demo", and pushes it to `main` of
 * the hosted repository (a bare repository in the data directory), as a user's first push would. The
 * work tree is a temporary folder, gone afterwards. Resolves with the commit id.
 */
export async function commitSampleApp(repositoryDir: string, gitEnv: NodeJS.ProcessEnv): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'pipewright-demo-'));
  const env: NodeJS.ProcessEnv = {
    ...gitEnv,
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
  };
  const git = async (...args: string[]): Promise<string> => (await runGit({ args, env, cwd: work })).stdout.toString('utf8').trim();
  try {
    await git('init', '--quiet', '--initial-branch=main', '.');
    await cp(sampleAppDir, work, { recursive: true });
    await git('add', '--all');
    await git('commit', '--quiet', '--message', 'Add the sample app\n\nA static page built from a unit-tested module; buildspec.yml runs the tests and builds it.');
    await git('push', '--quiet', repositoryDir, 'main');
    return await git('rev-parse', 'HEAD');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
