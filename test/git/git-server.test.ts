import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFiles, eventually, git, gitFails, initRepository, removeDir, startGitHost, tempDir, type GitHost } from './git-kit.js';

/** Pipewright as a git host: /api/repos and git's smart HTTP protocol at /git/<name>, with real git clients. */
describe('the git server', () => {
  let host: GitHost;
  let work: string;
  beforeAll(async () => {
    host = await startGitHost();
    work = tempDir('git-server');
  });
  afterAll(async () => {
    await host.close();
    removeDir(work);
  });

  it('creates a bare repository with main as default branch and lists it', async () => {
    const created = await host.createRepository('create-me');
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ name: 'create-me', bare: true, defaultBranch: 'main', cloneUrl: `${host.url}/git/create-me` });
    expect(existsSync(join(host.dataDir, 'repos', 'create-me', 'HEAD'))).toBe(true);

    const nested = await host.createRepository('acme/create-me');
    expect(nested.status).toBe(201);

    const listed = (await (await fetch(`${host.url}/api/repos`)).json()) as { repositories: { name: string; defaultBranch?: string }[] };
    const names = listed.repositories.map((repository) => repository.name);
    expect(names).toContain('create-me');
    expect(names).toContain('acme/create-me');
    expect(listed.repositories.find((repository) => repository.name === 'create-me')?.defaultBranch).toBe('main');
  });

  it('refuses names that are invalid, escape the repos directory, or are taken', async () => {
    for (const name of ['', '../escape', 'a/../../b', '.hidden', 'a/.git', 'spaces not allowed', 'a/b/c/d/e', 'x'.repeat(101)]) {
      const response = await host.createRepository(name);
      expect(response.status, name).toBe(400);
      expect(((await response.json()) as { __type: string }).__type).toBe('ValidationException');
    }
    expect(existsSync(join(host.dataDir, 'escape'))).toBe(false);

    expect((await host.createRepository('taken')).status).toBe(201);
    const again = await host.createRepository('taken');
    expect(again.status).toBe(409);
    expect(((await again.json()) as { __type: string }).__type).toBe('RepositoryNameExistsException');
    // Inside an existing repository is refused too.
    expect((await host.createRepository('taken/inner')).status).toBe(409);

    const noName = await fetch(`${host.url}/api/repos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"nom":"x"}' });
    expect(noName.status).toBe(400);
  });

  it('takes a git push over HTTP, reports the refs it changed, and serves a clone', async () => {
    expect((await host.createRepository('app')).status).toBe(201);
    const local = await initRepository(join(work, 'app'));
    const first = await commitFiles(local, { 'README.md': '# app\n', 'src/index.js': 'console.log(1)\n' }, 'first');
    const second = await commitFiles(local, { 'src/index.js': 'console.log(2)\n' }, 'second');
    await git(local, ['push', '--quiet', `${host.url}/git/app`, 'main']);

    await eventually(() => host.pushes.some((push) => push.repository === 'app'), 'the push to be reported');
    expect(host.pushes.find((push) => push.repository === 'app')?.refs).toEqual([{ ref: 'refs/heads/main', newCommit: second }]);
    expect(await git(join(host.dataDir, 'repos', 'app'), ['rev-parse', 'refs/heads/main'])).toBe(second);

    // An update and a new branch in one push: both reported with their old values.
    const third = await commitFiles(local, { 'src/index.js': 'console.log(3)\n' }, 'third');
    await git(local, ['branch', 'feature', first]);
    host.pushes.length = 0;
    await git(local, ['push', '--quiet', `${host.url}/git/app.git`, 'main', 'feature']);
    await eventually(() => host.pushes.length > 0, 'the second push to be reported');
    expect(host.pushes[0]?.refs).toEqual(
      expect.arrayContaining([
        { ref: 'refs/heads/main', oldCommit: second, newCommit: third },
        { ref: 'refs/heads/feature', newCommit: first },
      ]),
    );

    // Deleting a branch is reported without a new commit.
    host.pushes.length = 0;
    await git(local, ['push', '--quiet', `${host.url}/git/app`, '--delete', 'feature']);
    await eventually(() => host.pushes.length > 0, 'the delete to be reported');
    expect(host.pushes[0]?.refs).toEqual([{ ref: 'refs/heads/feature', oldCommit: first }]);

    const clone = join(work, 'app-clone');
    await git(work, ['clone', '--quiet', `${host.url}/git/app.git`, clone]);
    expect(await git(clone, ['rev-parse', 'HEAD'])).toBe(third);
    expect(await git(clone, ['log', '--format=%s'])).toBe('third\nsecond\nfirst');
  });

  it('streams a push larger than git buffers in one request (chunked) and a clone of it', async () => {
    expect((await host.createRepository('large')).status).toBe(201);
    const local = await initRepository(join(work, 'large'));
    // Incompressible content, well past git's 1 MiB http.postBuffer: git sends it chunked.
    const blob = randomBytes(6 * 1024 * 1024).toString('base64');
    const commit = await commitFiles(local, { 'data/blob.txt': blob }, 'large');
    await git(local, ['push', '--quiet', `${host.url}/git/large`, 'main']);
    await eventually(() => host.pushes.some((push) => push.repository === 'large'), 'the large push to be reported');

    const clone = join(work, 'large-clone');
    await git(work, ['clone', '--quiet', `${host.url}/git/large`, clone]);
    expect(await git(clone, ['rev-parse', 'HEAD'])).toBe(commit);
    expect(readFileSync(join(clone, 'data/blob.txt'), 'utf8')).toBe(blob);
  });

  it('reports nothing for a push git rejected', async () => {
    expect((await host.createRepository('guarded')).status).toBe(201);
    const local = await initRepository(join(work, 'guarded'));
    await commitFiles(local, { 'a.txt': 'a\n' }, 'a');
    await git(local, ['push', '--quiet', `${host.url}/git/guarded`, 'main']);
    await eventually(() => host.pushes.some((push) => push.repository === 'guarded'), 'the first push');
    await git(join(host.dataDir, 'repos', 'guarded'), ['config', 'receive.denyNonFastForwards', 'true']);
    host.pushes.length = 0;

    await git(local, ['commit', '--quiet', '--amend', '-m', 'rewritten']);
    const stderr = await gitFails(local, ['push', '--force', `${host.url}/git/guarded`, 'main']);
    expect(stderr).toMatch(/rejected|denied/);
    // A successful push afterwards proves the rejected one was processed (and reported nothing).
    await git(local, ['push', '--quiet', `${host.url}/git/guarded`, 'main:other']);
    await eventually(() => host.pushes.length > 0, 'the later push');
    expect(host.pushes.map((push) => push.refs.map((ref) => ref.ref))).toEqual([['refs/heads/other']]);
  });

  it('answers 404 for unknown repositories and for paths that try to escape the repos directory', async () => {
    expect((await fetch(`${host.url}/git/missing/info/refs?service=git-upload-pack`)).status).toBe(404);
    expect(await gitFails(work, ['clone', '--quiet', `${host.url}/git/missing`, join(work, 'missing')])).toMatch(/not found|404/);
    for (const path of ['/git/..%2f..%2fetc/info/refs', '/git/%2e%2e/info/refs', '/git/../repos/app/info/refs', '/git/app/objects/info/packs']) {
      expect(await rawStatus(host.url, path), path).toBe(404);
    }
  });

  it('inflates gzip request bodies', async () => {
    expect((await host.createRepository('zipped')).status).toBe(201);
    const local = await initRepository(join(work, 'zipped'));
    const commit = await commitFiles(local, { 'z.txt': 'z\n' }, 'zipped');
    await git(local, ['push', '--quiet', `${host.url}/git/zipped`, 'main']);

    // A protocol v0 fetch request, as git sends it, gzip-encoded as git does for large negotiations.
    const body = gzipSync(Buffer.from(`${pkt(`want ${commit} ofs-delta\n`)}0000${pkt('done\n')}`));
    const response = await fetch(`${host.url}/git/zipped/git-upload-pack`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-git-upload-pack-request', 'content-encoding': 'gzip' },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-git-upload-pack-result');
    const answer = Buffer.from(await response.arrayBuffer());
    expect(answer.subarray(0, 8).toString('latin1')).toBe('0008NAK\n');
    expect(answer.includes(Buffer.from('PACK'))).toBe(true);
  });
});

function pkt(line: string): string {
  return (Buffer.byteLength(line) + 4).toString(16).padStart(4, '0') + line;
}

/** The status of a request sent with its path exactly as written (fetch would normalise `..`). */
function rawStatus(base: string, path: string): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, path, method: 'GET' }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}
