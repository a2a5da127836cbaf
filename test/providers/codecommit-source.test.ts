import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitProvider } from '../../src/providers/codecommit/codecommit-provider.js';
import { codeCommitPlan } from '../../src/providers/codecommit/codecommit-source.js';
import { checkOutGitSource } from '../../src/providers/git/run-git-source.js';
import type { ActionJob } from '../../src/core/contracts/action-provider.js';
import { catFilePids, commitFiles, git, initRepository, removeDir, startGitHost, tempDir, type GitHost } from '../git/git-kit.js';
import { RecordingLog, sourceJob } from './source-kit.js';

/**
 * The CodeCommit source against repositories hosted by a real Pipewright server: everything the
 * provider does up to storing the artifact (the artifact store is not on main yet).
 */
describe('the CodeCommit source', () => {
  let host: GitHost;
  let work: string;
  let first: string;
  let head: string;
  let workspaces = 0;
  beforeAll(async () => {
    host = await startGitHost();
    work = tempDir('codecommit');
    expect((await host.createRepository('app')).status).toBe(201);
    const local = await initRepository(join(work, 'app'));
    first = await commitFiles(local, { 'index.js': 'v1\n' }, 'first', '2024-05-06T09:08:07+02:00');
    head = await commitFiles(local, { 'index.js': 'v2\n', 'buildspec.yml': 'version: 0.2\n' }, 'Ship v2\n\nDetails.', '2024-05-07T10:00:00Z');
    await git(local, ['push', '--quiet', `${host.url}/git/app`, 'main']);
  });
  afterAll(async () => {
    await host.close();
    removeDir(work);
  });

  function run(job: ActionJob, dataDir = host.dataDir): { log: RecordingLog; result: ReturnType<typeof checkOutGitSource> } {
    workspaces += 1;
    const log = new RecordingLog();
    const tools = { dataDir, workspace: join(work, `workspace-${workspaces}`), apiUrl: host.url, log };
    return { log, result: checkOutGitSource(job, tools, new AbortController().signal, (settings) => Promise.resolve(codeCommitPlan(job, tools, settings))) };
  }

  it('is the AWS CodeCommit source type, and safe to rerun', () => {
    expect(codeCommitProvider.actionTypes).toEqual([{ category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' }]);
    expect(codeCommitProvider.rerunnable).toBe(true);
  });

  it('checks the branch head out as CODE_ZIP with CodeCommit output variables and revision', async () => {
    const { result, log } = run(sourceJob('CodeCommit', { RepositoryName: 'app', BranchName: 'main', PollForSourceChanges: 'false' }));
    const checkedOut = await result;
    expect(checkedOut.artifactName).toBe('SourceOutput');
    expect(readFileSync(join(checkedOut.directory, 'index.js'), 'utf8')).toBe('v2\n');
    expect(existsSync(join(checkedOut.directory, '.git'))).toBe(false);
    expect(checkedOut.outcome).toEqual({
      status: 'Succeeded',
      outputVariables: {
        CommitId: head,
        CommitMessage: 'Ship v2\n\nDetails.',
        AuthorDate: '2024-05-07T10:00:00Z',
        CommitterDate: '2024-05-07T10:00:00Z',
        BranchName: 'main',
        RepositoryName: 'app',
      },
      externalExecutionId: head,
      summary: 'Ship v2\n\nDetails.',
      revision: { revisionId: head, revisionSummary: 'Ship v2\n\nDetails.', created: Date.parse('2024-05-07T10:00:00Z') },
    });
    expect(log.text).toContain(`Checked out commit ${head}`);
  });

  it('checks out the commit pinned by sourceRevisions, as a clone whose origin is the served URL', async () => {
    const job = sourceJob(
      'CodeCommit',
      { RepositoryName: 'app', BranchName: 'main', OutputArtifactFormat: 'CODEBUILD_CLONE_REF' },
      { pinnedRevision: [{ revisionType: 'COMMIT_ID', revisionValue: first }] },
    );
    const checkedOut = await run(job).result;
    expect(checkedOut.outcome.revision?.revisionId).toBe(first);
    expect(checkedOut.outcome.outputVariables?.AuthorDate).toBe('2024-05-06T07:08:07Z');
    expect(await git(checkedOut.directory, ['rev-parse', 'HEAD'])).toBe(first);
    expect(await git(checkedOut.directory, ['remote', 'get-url', 'origin'])).toBe(`${host.url}/git/app`);
    expect(readFileSync(join(checkedOut.directory, 'index.js'), 'utf8')).toBe('v1\n');
  });

  it('reads over HTTP from the server when the worker does not share its data directory', async () => {
    const remoteWorkerData = join(work, 'remote-worker');
    const checkedOut = await run(sourceJob('CodeCommit', { RepositoryName: 'app', BranchName: 'main' }), remoteWorkerData).result;
    expect(checkedOut.outcome.revision?.revisionId).toBe(head);
    expect(existsSync(join(remoteWorkerData, 'cache', 'git'))).toBe(true);
    expect(readFileSync(join(checkedOut.directory, 'buildspec.yml'), 'utf8')).toBe('version: 0.2\n');
  });

  it('fails with the failure type AWS would give, naming what is wrong', async () => {
    const cases: [ActionJob, string, RegExp][] = [
      [sourceJob('CodeCommit', { RepositoryName: 'absent', BranchName: 'main' }), 'ConfigurationError', /repository absent does not exist/],
      [sourceJob('CodeCommit', { RepositoryName: '../outside', BranchName: 'main' }), 'ConfigurationError', /not a valid repository name/],
      [sourceJob('CodeCommit', { RepositoryName: 'app', BranchName: 'develop' }), 'ConfigurationError', /branch develop does not exist in repository app/],
      [sourceJob('CodeCommit', { RepositoryName: 'app', BranchName: '--upload-pack=evil' }), 'ConfigurationError', /not a valid git branch name/],
      [sourceJob('CodeCommit', { RepositoryName: 'app', BranchName: 'main', OutputArtifactFormat: 'TARBALL' }), 'ConfigurationError', /OutputArtifactFormat/],
      [
        sourceJob('CodeCommit', { RepositoryName: 'app', BranchName: 'main' }, { pinnedRevision: [{ revisionType: 'S3_OBJECT_KEY', revisionValue: 'x.zip' }] }),
        'ConfigurationError',
        /takes a COMMIT_ID/,
      ],
      [
        sourceJob('CodeCommit', { RepositoryName: 'app', BranchName: 'main' }, { pinnedRevision: [{ revisionType: 'COMMIT_ID', revisionValue: 'a'.repeat(40) }] }),
        'RevisionUnavailable',
        /pinned commit a{40} does not exist in repository app/,
      ],
    ];
    for (const [job, failureType, message] of cases) {
      await expect(run(job).result, JSON.stringify(job.action.configuration)).rejects.toMatchObject({ failureType, message: expect.stringMatching(message) as unknown });
    }
  });
});

describe('the CodeCommit source and its git processes', () => {
  it('reads a hosted repository through one running cat-file, new commits too, and the server leaves none behind at close', async () => {
    const host = await startGitHost();
    const work = tempDir('codecommit-processes');
    try {
      expect((await host.createRepository('app')).status).toBe(201);
      const local = await initRepository(join(work, 'app'));
      const gitDir = join(host.dataDir, 'repos', 'app');
      const heads: string[] = [];
      const pids = new Set<number>();
      for (let round = 0; round < 3; round++) {
        const commit = await commitFiles(local, { 'index.js': `v${round}\n` }, `round ${round}`);
        await git(local, ['push', '--quiet', `${host.url}/git/app`, 'main']);
        const job = sourceJob('CodeCommit', { RepositoryName: 'app', BranchName: 'main' });
        const tools = { dataDir: host.dataDir, workspace: join(work, `workspace-${round}`), apiUrl: host.url, log: new RecordingLog() };
        const checkedOut = await checkOutGitSource(job, tools, new AbortController().signal, (settings) => Promise.resolve(codeCommitPlan(job, tools, settings)));
        heads.push(checkedOut.outcome.outputVariables?.CommitId ?? '');
        expect(checkedOut.outcome.outputVariables?.CommitId).toBe(commit);
        for (const pid of catFilePids(gitDir)) pids.add(pid);
      }
      // The one reader started by the first run saw the commits pushed after it started.
      expect(pids.size).toBe(1);
      expect(new Set(heads).size).toBe(3);
    } finally {
      await host.close();
      removeDir(work);
    }
    expect(catFilePids(join(host.dataDir, 'repos', 'app'))).toEqual([]);
  });
});
