import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitChanges } from '../../src/providers/codecommit/codecommit-changes.js';
import { connectionChanges } from '../../src/providers/codestar-connection/connection-changes.js';
import type { SourceChanges } from '../../src/providers/git/source-changes.js';
import { commitFiles, git, initRepository, removeDir, startGitHost, tempDir, type GitHost } from './git-kit.js';

const arn = 'arn:aws:codeconnections:us-east-1:123456789012:connection/local-host';

/** Change detection for both git sources: the hosted repository read in place, and a connection over HTTP. */
describe('source change detection', () => {
  let host: GitHost;
  let work: string;
  let local: string;
  let workerData: string;
  let base: string;
  beforeAll(async () => {
    host = await startGitHost();
    work = tempDir('changes');
    expect((await host.createRepository('team/svc')).status).toBe(201);
    local = await initRepository(join(work, 'svc'));
    base = await commitFiles(local, { 'app/main.go': 'package main\n', 'docs/readme.md': 'hi\n' }, 'base');
    await git(local, ['push', '--quiet', `${host.url}/git/team/svc`, 'main']);
    workerData = join(work, 'worker');
    mkdirSync(workerData, { recursive: true });
    writeFileSync(join(workerData, 'connections.json'), JSON.stringify({ connections: { [arn]: { baseUrl: `${host.url}/git` } } }));
  });
  afterAll(async () => {
    await host.close();
    removeDir(work);
  });

  async function sources(): Promise<[string, SourceChanges][]> {
    return [
      ['hosted', codeCommitChanges({ dataDir: host.dataDir, apiUrl: host.url }, 'Source', { RepositoryName: 'team/svc', BranchName: 'main' })],
      ['connection', await connectionChanges(workerData, 'Source', { ConnectionArn: arn, FullRepositoryId: 'team/svc', BranchName: 'main' })],
    ];
  }

  it('sees the branch head move and the paths a push changed', async () => {
    for (const [name, changes] of await sources()) expect(await changes.latestCommit(), name).toBe(base);
    const docsOnly = await commitFiles(local, { 'docs/readme.md': 'hello\n' }, 'docs');
    const code = await commitFiles(local, { 'app/server.go': 'package main\n' }, 'code');
    await git(local, ['push', '--quiet', `${host.url}/git/team/svc`, 'main']);
    for (const [name, changes] of await sources()) {
      expect(await changes.latestCommit(), name).toBe(code);
      expect(await changes.changedFiles(base, docsOnly), name).toEqual(['docs/readme.md']);
      expect(await changes.changedFiles(docsOnly, code), name).toEqual(['app/server.go']);
      expect(await changes.changedFiles(undefined, code), name).toEqual(['app/main.go', 'app/server.go', 'docs/readme.md']);
    }
  });

  it('counts every path as changed when the last released commit was rewritten away', async () => {
    await git(local, ['reset', '--quiet', '--hard', base]);
    const rewritten = await commitFiles(local, { 'app/rewritten.go': 'package main\n' }, 'rewritten');
    const lost = await git(local, ['rev-parse', 'ORIG_HEAD']);
    await git(local, ['push', '--quiet', '--force', `${host.url}/git/team/svc`, 'main']);
    await git(join(host.dataDir, 'repos', 'team', 'svc'), ['gc', '--quiet', '--prune=now']);
    const connection = (await sources())[1]![1];
    expect(await connection.latestCommit()).toBe(rewritten);
    expect(await connection.changedFiles('0'.repeat(39) + '1', rewritten)).toEqual(['app/main.go', 'app/rewritten.go', 'docs/readme.md']);
    // The mirror still holds the old commit from the earlier fetch: a real diff is possible.
    expect(await connection.changedFiles(lost, rewritten)).toEqual(['app/rewritten.go', 'app/server.go', 'docs/readme.md']);
  });

  it('reports a missing branch as no commit, and refuses a bad configuration', async () => {
    const missing = codeCommitChanges({ dataDir: host.dataDir, apiUrl: host.url }, 'Source', { RepositoryName: 'team/svc', BranchName: 'gone' });
    expect(await missing.latestCommit()).toBeUndefined();
    expect(() => codeCommitChanges({ dataDir: host.dataDir, apiUrl: host.url }, 'Source', { RepositoryName: 'team/svc', BranchName: 'a..b' })).toThrow(
      /not a valid git branch name/,
    );
    await expect(connectionChanges(workerData, 'Source', { ConnectionArn: 'arn:nope', FullRepositoryId: 'team/svc', BranchName: 'main' })).rejects.toMatchObject({
      failureType: 'ConfigurationError',
    });
  });
});
