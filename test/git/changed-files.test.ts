import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedFiles } from '../../src/providers/git/changed-files.js';
import { gitContext, gitEnvironment } from '../../src/providers/git/git-environment.js';
import { commitFiles, git, initRepository, removeDir, tempDir } from './git-kit.js';

/** The paths V2 triggers' filePaths filters match against, computed from real commits. */
describe('changed files between commits', () => {
  let work: string;
  let repo: string;
  let gitDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    work = tempDir('changed-files');
    repo = await initRepository(join(work, 'repo'));
    gitDir = join(repo, '.git');
    env = gitEnvironment(gitContext(join(work, 'data')));
  });
  afterAll(() => {
    removeDir(work);
  });

  it('lists added, modified, deleted and both sides of renamed paths', async () => {
    const base = await commitFiles(repo, { 'src/app.ts': 'app\n', 'src/old-name.ts': 'x\n'.repeat(50), 'docs/guide.md': 'guide\n', 'gone.txt': 'bye\n' }, 'base');
    await git(repo, ['mv', 'src/old-name.ts', 'src/new-name.ts']);
    await git(repo, ['rm', '--quiet', 'gone.txt']);
    const next = await commitFiles(repo, { 'src/app.ts': 'app 2\n', 'src/feature/new file.ts': 'new\n' }, 'changes');
    expect(await changedFiles(env, gitDir, base, next)).toEqual(['gone.txt', 'src/app.ts', 'src/feature/new file.ts', 'src/new-name.ts', 'src/old-name.ts']);
    // Across several commits, only the net difference counts.
    const back = await commitFiles(repo, { 'src/app.ts': 'app\n' }, 'revert app');
    expect(await changedFiles(env, gitDir, base, back)).not.toContain('src/app.ts');
    expect(await changedFiles(env, gitDir, next, next)).toEqual([]);
  });

  it('treats every path as changed when there is no earlier commit', async () => {
    const head = await git(repo, ['rev-parse', 'HEAD']);
    expect(await changedFiles(env, gitDir, undefined, head)).toEqual(['docs/guide.md', 'src/app.ts', 'src/feature/new file.ts', 'src/new-name.ts']);
  });
});
