import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitContext, gitEnvironment, type GitContext } from '../../src/providers/git/git-environment.js';
import { classifyGitFailure } from '../../src/providers/git/git-failure.js';
import { latestCommit } from '../../src/providers/git/latest-commit.js';
import { fetchBranch, fetchCommit, mirrorDirectory } from '../../src/providers/git/mirror-cache.js';
import { resolveCommit } from '../../src/providers/git/resolve-commit.js';
import { commitFiles, git, initRepository, removeDir, startGitHost, tempDir, type GitHost } from './git-kit.js';

/** The mirror cache against a real git host (a Pipewright server): incremental fetches, polling, failures. */
describe('the git mirror cache', () => {
  let host: GitHost;
  let work: string;
  let context: GitContext;
  let local: string;
  beforeAll(async () => {
    host = await startGitHost();
    work = tempDir('mirror');
    context = gitContext(join(work, 'data'));
    expect((await host.createRepository('big')).status).toBe(201);
    local = await initRepository(join(work, 'big'));
    // History worth caching: 20 commits touching 40 files.
    for (let index = 0; index < 20; index += 1) {
      await commitFiles(local, { [`dir${index % 4}/file${index}.txt`]: `content ${index}\n`, [`dir${index % 4}/other${index}.txt`]: `other ${index}\n` }, `commit ${index}`);
    }
    await git(local, ['push', '--quiet', `${host.url}/git/big`, 'main']);
  });
  afterAll(async () => {
    await host.close();
    removeDir(work);
  });

  it('fetches a branch once in full, then only the new objects', async () => {
    const remote = { url: `${host.url}/git/big` };
    const first = await fetchBranch(context, remote, 'main');
    expect(first.commit).toBe(await git(local, ['rev-parse', 'HEAD']));
    // 20 commits, their root and directory trees, and 40 blobs.
    expect(first.objectsReceived).toBeGreaterThanOrEqual(80);
    expect(first.gitDir).toBe(mirrorDirectory(context, remote.url));
    expect(readFileSync(join(first.gitDir, 'pipewright-remote'), 'utf8')).toBe(`${remote.url}\n`);

    const unchanged = await fetchBranch(context, remote, 'main');
    expect(unchanged.objectsReceived).toBe(0);
    expect(unchanged.commit).toBe(first.commit);

    // One commit changing one file at the root: a commit, a root tree and a blob travel, nothing else.
    const next = await commitFiles(local, { 'new.txt': 'new\n' }, 'one more');
    await git(local, ['push', '--quiet', `${host.url}/git/big`, 'main']);
    const second = await fetchBranch(context, remote, 'main');
    expect(second.commit).toBe(next);
    expect(second.objectsReceived).toBe(3);
  });

  it('polls a branch head with ls-remote without fetching', async () => {
    const remote = { url: `${host.url}/git/big` };
    expect(await latestCommit(context, remote, 'main')).toBe(await git(local, ['rev-parse', 'HEAD']));
    expect(await latestCommit(context, remote, 'no-such-branch')).toBeUndefined();
    await expect(latestCommit(context, { url: `${host.url}/git/missing` }, 'main')).rejects.toSatisfy(
      (error: unknown) => classifyGitFailure(error).kind === 'repository-not-found',
    );
    // ls-remote created no mirror of its own.
    expect(existsSync(mirrorDirectory(context, `${host.url}/git/missing`))).toBe(false);
  });

  it('classifies a missing repository, a missing branch and an unreachable host', async () => {
    await expect(fetchBranch(context, { url: `${host.url}/git/missing` }, 'main')).rejects.toSatisfy(
      (error: unknown) => classifyGitFailure(error).kind === 'repository-not-found',
    );
    await expect(fetchBranch(context, { url: `${host.url}/git/big` }, 'nope')).rejects.toSatisfy(
      (error: unknown) => classifyGitFailure(error).kind === 'branch-not-found',
    );
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    await expect(fetchBranch(context, { url: 'http://127.0.0.1:9/git/big' }, 'main')).rejects.toSatisfy(
      (error: unknown) => classifyGitFailure(error).kind === 'unreachable',
    );
  });

  it('fetches a commit by id when the tracked branch no longer points to it', async () => {
    expect((await host.createRepository('rewritten')).status).toBe(201);
    const repo = await initRepository(join(work, 'rewritten'));
    await commitFiles(repo, { 'a.txt': 'a\n' }, 'base');
    const lost = await commitFiles(repo, { 'a.txt': 'lost\n' }, 'to be rewritten');
    await git(repo, ['push', '--quiet', `${host.url}/git/rewritten`, 'main', `${lost}:refs/heads/keep`]);
    await git(repo, ['reset', '--quiet', '--hard', 'HEAD~1']);
    await commitFiles(repo, { 'a.txt': 'new\n' }, 'rewritten');
    await git(repo, ['push', '--quiet', '--force', `${host.url}/git/rewritten`, 'main']);

    const remote = { url: `${host.url}/git/rewritten` };
    const fetched = await fetchBranch(context, remote, 'main');
    const env = gitEnvironment(context);
    expect(await resolveCommit(env, fetched.gitDir, lost)).toBeUndefined();
    await fetchCommit(context, remote, lost);
    expect(await resolveCommit(env, fetched.gitDir, lost)).toBe(lost);
    expect(await git(fetched.gitDir, ['rev-parse', `refs/pipewright/pinned/${lost}`])).toBe(lost);
  });

  it('serialises concurrent fetches of one mirror: all succeed and the mirror stays sound', async () => {
    const remote = { url: `${host.url}/git/big` };
    const pushed = await commitFiles(local, { 'burst.txt': 'burst\n' }, 'burst');
    await git(local, ['push', '--quiet', `${host.url}/git/big`, 'main']);
    const results = await Promise.all(Array.from({ length: 6 }, () => fetchBranch(context, remote, 'main')));
    expect(results.map((result) => result.commit)).toEqual(Array.from({ length: 6 }, () => pushed));
    // Exactly one of them transferred the new objects; the others found the mirror up to date.
    expect(results.filter((result) => result.objectsReceived > 0)).toHaveLength(1);
    await git(results[0]!.gitDir, ['fsck', '--no-progress', '--no-dangling']);
  });
});
