import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipelineCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestSchema } from '../../src/store/test-kit/store-dialects.js';
import { startTestS3, type TestS3 } from '../artifacts/kit/s3-server.js';
import { commitFiles, git, initRepository } from '../git/git-kit.js';
import { codeCommitSource, declaration, stage, waitForState } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

const url = process.env.PIPEWRIGHT_TEST_DATABASE_URL;

/**
 * PIPEWRIGHT_REPOS_DIR: two replicas (each with a data directory of its own) host the same repositories
 * from one shared directory: a repository created through A is listed and served by B, and B's worker
 * reads it in place for a pipeline created on A (which runs no jobs itself).
 */
describe.skipIf(url === undefined || url === '')('hosted repositories shared by replicas', () => {
  const schema = `pw_test_${randomBytes(6).toString('hex')}`;
  const reposDir = mkdtempSync(join(tmpdir(), 'pipewright-shared-repos-'));
  const storeLocation = { kind: 'postgres' as const, url: url!, schema };
  let s3: TestS3;
  let a: TestServer;
  let b: TestServer;
  let workCopy: string;
  let head: string;

  beforeAll(async () => {
    s3 = await startTestS3(['artifacts']);
    // Polling every 0.2 s; a replica tries to lead every second (half the lease).
    const env = { PIPEWRIGHT_REPOS_DIR: reposDir, PIPEWRIGHT_POLL_INTERVAL_SECONDS: '0.2', PIPEWRIGHT_JOB_LEASE_SECONDS: '2' };
    a = await startTestServer({ storeLocation, env: { ...env, PIPEWRIGHT_WORKER_CONCURRENCY: '0' }, configure: (config) => (config.s3 = s3.settings) });
    b = await startTestServer({ storeLocation, env, configure: (config) => (config.s3 = s3.settings) });
  }, 60_000);

  afterAll(async () => {
    await a?.close().catch(() => undefined);
    await b?.close();
    await s3?.close();
    await dropTestSchema(url!, schema);
    rmSync(reposDir, { recursive: true, force: true });
  });

  it('creates on one replica, serves and runs on the other', { timeout: 90_000 }, async () => {
    const created = await fetch(`${a.url}/api/repos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'shared' }) });
    expect(created.status).toBe(201);
    const listed = (await (await fetch(`${b.url}/api/repos`)).json()) as { repositories: { name: string }[] };
    expect(listed.repositories.map((repository) => repository.name)).toEqual(['shared']);

    // A commit pushed through B's git endpoint lands in the shared directory.
    const work = await initRepository(mkdtempSync(join(tmpdir(), 'pipewright-shared-work-')));
    const commit = await commitFiles(work, { 'README.md': 'one directory, two replicas\n' }, 'first');
    await git(work, ['push', `${b.url}/git/shared`, 'main']);
    expect(await git(reposDir, ['--git-dir', join(reposDir, 'shared'), 'rev-parse', 'main'])).toContain(commit);

    await a.client.send(new CreatePipelineCommand({ pipeline: declaration('shared', [{ name: 'Source', actions: [codeCommitSource('shared')] }, { name: 'Hold', actions: [{ name: 'Review', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] }]) }));
    // B's worker checks the commit out of the shared directory in place (A runs no jobs).
    const states = await waitForState(a.client, 'shared', (stages) => stage(stages, 'Source').actionStates?.[0]?.latestExecution?.status === 'Succeeded', 'the source on B', 60_000);
    expect(stage(states, 'Source').actionStates?.[0]?.currentRevision?.revisionId).toBe(commit);
    workCopy = work;
    head = commit;
  });

  /** The execution of `pipelineName` that builds `commit`, once one has started. */
  async function executionOf(pipelineName: string, commit: string): Promise<string> {
    for (;;) {
      const { pipelineExecutionSummaries = [] } = await b.client.send(new ListPipelineExecutionsCommand({ pipelineName }));
      const found = pipelineExecutionSummaries.filter((summary) => summary.sourceRevisions?.some((revision) => revision.revisionId === commit));
      if (found.length > 0) {
        expect(found).toHaveLength(1);
        return found[0]!.pipelineExecutionId!;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('polls from the replica that leads, and from the other once the leader has stopped', { timeout: 90_000 }, async () => {
    // A commit that reaches the shared directory without a push to Pipewright: only polling can see it.
    const polled = (message: string) => commitFiles(workCopy, { 'CHANGES.md': `${message}\n` }, message);
    await a.client.send(
      new CreatePipelineCommand({
        pipeline: declaration('polled', [{ name: 'Source', actions: [{ ...codeCommitSource('shared'), configuration: { RepositoryName: 'shared', BranchName: 'main', PollForSourceChanges: 'true' } }] },
          { name: 'Hold', actions: [{ name: 'Review', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
        ]),
      }),
    );
    // The execution its creation started has checked out the head before the commits below.
    await executionOf('polled', head);
    const first = await polled('seen by the leader');
    await git(workCopy, ['push', join(reposDir, 'shared'), 'main']);
    expect(await executionOf('polled', first)).toBeTruthy();

    await a.close();
    const second = await polled('seen by the next leader');
    await git(workCopy, ['push', join(reposDir, 'shared'), 'main']);
    expect(await executionOf('polled', second)).toBeTruthy();
  });
});
