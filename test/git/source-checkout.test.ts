import { chmodSync, existsSync, lstatSync, readFileSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitContext, type GitContext } from '../../src/providers/git/git-environment.js';
import { checkOutSource, SourceFailure, type SourceCheckoutRequest } from '../../src/providers/git/source-checkout.js';
import { commitFiles, git, initRepository, removeDir, startGitHost, tempDir, type GitHost } from './git-kit.js';

/** A source action's git work on real repositories: local (in place) and remote (over HTTP, mirrored). */
describe('checking a source out', () => {
  let work: string;
  let context: GitContext;
  let repo: string;
  let first: string;
  let head: string;
  let count = 0;
  beforeAll(async () => {
    work = tempDir('checkout');
    context = gitContext(join(work, 'data'));
    repo = await initRepository(join(work, 'repo'));
    first = await commitFiles(repo, { 'README.md': 'version 1\n', 'lib/a.js': 'a\n' }, 'first version', '2024-03-01T10:00:00+02:00');
    await commitFiles(repo, { 'run.sh': '#!/bin/sh\necho run\n' }, 'add a script');
    chmodSync(join(repo, 'run.sh'), 0o755);
    symlinkSync('README.md', join(repo, 'readme-link'));
    await git(repo, ['add', '--all']);
    await git(repo, ['commit', '--quiet', '-m', 'executable and link']);
    head = await commitFiles(repo, { 'README.md': 'version 2\n', 'lib/deep/b.js': 'b\n' }, 'Second version\n\nWith a body\nof two lines.\n');
    await git(repo, ['branch', 'release', first]);
  });
  afterAll(() => {
    removeDir(work);
  });

  function request(overrides: Partial<SourceCheckoutRequest> = {}): SourceCheckoutRequest {
    count += 1;
    return {
      context,
      remote: { url: repo },
      label: 'repository repo',
      branch: 'main',
      format: 'CODE_ZIP',
      originUrl: 'http://git.example.com/git/repo',
      destination: join(work, `out-${count}`),
      scratch: join(work, `scratch-${count}`),
      ...overrides,
    };
  }

  it('exports the branch head as files only: no .git, executable bits and symbolic links kept', async () => {
    const { commit, directory } = await checkOutSource(request());
    expect(commit.commitId).toBe(head);
    expect(readFileSync(join(directory, 'README.md'), 'utf8')).toBe('version 2\n');
    expect(readFileSync(join(directory, 'lib/deep/b.js'), 'utf8')).toBe('b\n');
    expect(existsSync(join(directory, '.git'))).toBe(false);
    expect(statSync(join(directory, 'run.sh')).mode & 0o111).not.toBe(0);
    expect(statSync(join(directory, 'README.md')).mode & 0o111).toBe(0);
    expect(lstatSync(join(directory, 'readme-link')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(directory, 'readme-link'))).toBe('README.md');
    // The repository itself was only read: no index was written into it, its status is clean.
    expect(await git(repo, ['status', '--porcelain'])).toBe('');
  });

  it('reports the commit as CodePipeline does: full message, ISO-8601 dates in UTC', async () => {
    const { commit } = await checkOutSource(request({ branch: 'release' }));
    expect(commit).toMatchObject({ commitId: first, message: 'first version', authorName: 'Ada Lovelace' });
    expect(commit.authorDate).toBe('2024-03-01T08:00:00Z');
    expect(commit.committerDate).toBe('2024-03-01T08:00:00Z');
    const { commit: latest } = await checkOutSource(request());
    expect(latest.message).toBe('Second version\n\nWith a body\nof two lines.');
  });

  it('checks out a pinned commit instead of the branch head', async () => {
    const { commit, directory } = await checkOutSource(request({ pinnedCommit: first }));
    expect(commit.commitId).toBe(first);
    expect(readFileSync(join(directory, 'README.md'), 'utf8')).toBe('version 1\n');
    expect(existsSync(join(directory, 'run.sh'))).toBe(false);
    // An abbreviated id names the same commit.
    expect((await checkOutSource(request({ pinnedCommit: first.slice(0, 10) }))).commit.commitId).toBe(first);
  });

  it('reads a bare repository in place too', async () => {
    const bare = join(work, 'bare.git');
    await git(work, ['clone', '--quiet', '--bare', repo, bare]);
    const { commit, directory } = await checkOutSource(request({ remote: { url: bare } }));
    expect(commit.commitId).toBe(head);
    expect(readFileSync(join(directory, 'README.md'), 'utf8')).toBe('version 2\n');
  });

  it('makes a clone with history for CODEBUILD_CLONE_REF, on the branch, its origin the real remote', async () => {
    const { directory } = await checkOutSource(request({ format: 'CODEBUILD_CLONE_REF', pinnedCommit: first }));
    expect(existsSync(join(directory, '.git'))).toBe(true);
    expect(await git(directory, ['rev-parse', 'HEAD'])).toBe(first);
    expect(await git(directory, ['symbolic-ref', '--short', 'HEAD'])).toBe('main');
    expect(await git(directory, ['remote', 'get-url', 'origin'])).toBe('http://git.example.com/git/repo');
    expect(await git(directory, ['config', 'branch.main.merge'])).toBe('refs/heads/main');
    // The whole history is there: the branch head that came after the pinned commit as well.
    expect(await git(directory, ['rev-parse', 'origin/main'])).toBe(head);
    expect(Number(await git(directory, ['rev-list', '--count', 'origin/main']))).toBe(4);
    expect(await git(directory, ['status', '--porcelain'])).toBe('');
    expect(readFileSync(join(directory, 'README.md'), 'utf8')).toBe('version 1\n');
  });

  it('fails with ConfigurationError for a missing repository or branch, RevisionUnavailable for a missing commit', async () => {
    await expect(checkOutSource(request({ remote: { url: join(work, 'nothing-here') } }))).rejects.toMatchObject({
      failureType: 'ConfigurationError',
      message: expect.stringContaining('does not exist') as unknown,
    });
    await expect(checkOutSource(request({ branch: 'no-such-branch' }))).rejects.toMatchObject({
      failureType: 'ConfigurationError',
      message: 'The branch no-such-branch does not exist in repository repo.',
    });
    const missing = 'f'.repeat(40);
    const failure = await checkOutSource(request({ pinnedCommit: missing })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SourceFailure);
    expect(failure).toMatchObject({ failureType: 'RevisionUnavailable', message: `The pinned commit ${missing} does not exist in repository repo.` });
  });

  describe('over HTTP from a git host', () => {
    let host: GitHost;
    beforeAll(async () => {
      host = await startGitHost();
      expect((await host.createRepository('shared')).status).toBe(201);
      await git(repo, ['push', '--quiet', `${host.url}/git/shared`, 'main', 'release']);
    });
    afterAll(async () => {
      await host.close();
    });

    it('checks out through the mirror cache, and fails clearly for what the host does not have', async () => {
      const remote = { url: `${host.url}/git/shared` };
      const { commit, directory } = await checkOutSource(request({ remote, originUrl: remote.url, format: 'CODEBUILD_CLONE_REF' }));
      expect(commit.commitId).toBe(head);
      expect(await git(directory, ['remote', 'get-url', 'origin'])).toBe(remote.url);
      expect(readFileSync(join(directory, 'lib/deep/b.js'), 'utf8')).toBe('b\n');

      await expect(checkOutSource(request({ remote: { url: `${host.url}/git/absent` } }))).rejects.toMatchObject({ failureType: 'ConfigurationError' });
      await expect(checkOutSource(request({ remote, branch: 'absent' }))).rejects.toMatchObject({ failureType: 'ConfigurationError' });
      await expect(checkOutSource(request({ remote, pinnedCommit: 'e'.repeat(40) }))).rejects.toMatchObject({ failureType: 'RevisionUnavailable' });
      await expect(checkOutSource(request({ remote: { url: 'http://127.0.0.1:9/git/shared' } }))).rejects.toMatchObject({ failureType: 'SystemUnavailable' });
    });

    it('runs concurrent checkouts of one repository while it receives pushes, each at the commit it resolved', async () => {
      const remote = { url: `${host.url}/git/shared` };
      const writer = await initRepository(join(work, 'writer'));
      await git(writer, ['pull', '--quiet', remote.url, 'main']);
      const pushes = (async () => {
        const commits: string[] = [];
        for (let index = 0; index < 3; index += 1) {
          commits.push(await commitFiles(writer, { 'counter.txt': `${index}\n` }, `push ${index}`));
          await git(writer, ['push', '--quiet', remote.url, 'main']);
        }
        return commits;
      })();
      const checkouts = await Promise.all(
        Array.from({ length: 6 }, (_, index) => checkOutSource(request({ remote, format: index % 2 === 0 ? 'CODE_ZIP' : 'CODEBUILD_CLONE_REF' }))),
      );
      const pushed = await pushes;
      for (const { commit, directory } of checkouts) {
        expect([head, ...pushed]).toContain(commit.commitId);
        // The files are those of the commit reported, never a mix.
        const expected = commit.commitId === head ? undefined : `${pushed.indexOf(commit.commitId)}\n`;
        const counter = join(directory, 'counter.txt');
        expect(existsSync(counter) ? readFileSync(counter, 'utf8') : undefined).toBe(expected);
      }
      const final = await checkOutSource(request({ remote }));
      expect(final.commit.commitId).toBe(pushed.at(-1));
    });
  });
});
