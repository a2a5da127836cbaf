import { execFile } from 'node:child_process';
import type { HostedRepository } from './git-repositories.js';

/** What the console's repository page shows: the branches and the newest commits of the default branch. */
export interface RepositoryDetails {
  branches: { name: string; commit: string; committedAt: number; subject: string }[];
  commits: { commit: string; author: string; authoredAt: number; subject: string }[];
}

// Fields are separated by the unit separator, which no ref name or one-line subject contains.
const separator = '\x1f';

/** Reads a hosted repository's branches and its default branch's last `limit` commits (an empty repository has none). */
export async function readRepositoryDetails(repository: HostedRepository, defaultBranch: string | undefined, env: NodeJS.ProcessEnv, limit = 20): Promise<RepositoryDetails> {
  const refs = await gitOutput(['--git-dir', repository.gitDir, 'for-each-ref', '--sort=-committerdate', `--format=%(refname:short)${separator}%(objectname)${separator}%(committerdate:unix)${separator}%(subject)`, 'refs/heads'], env);
  const branches = lines(refs).map((line) => {
    const [name = '', commit = '', committedAt = '0', subject = ''] = line.split(separator);
    return { name, commit, committedAt: Number(committedAt), subject };
  });
  const tip = branches.find((branch) => branch.name === defaultBranch) ?? branches[0];
  if (tip === undefined) return { branches, commits: [] };
  const log = await gitOutput(['--git-dir', repository.gitDir, 'log', `-n${limit}`, `--format=%H${separator}%an${separator}%at${separator}%s`, tip.commit, '--'], env);
  const commits = lines(log).map((line) => {
    const [commit = '', author = '', authoredAt = '0', subject = ''] = line.split(separator);
    return { commit, author, authoredAt: Number(authoredAt), subject };
  });
  return { branches, commits };
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

function gitOutput(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { env, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`git ${args.slice(2, 3).join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}
