import { describe, expect, it } from 'vitest';
import type { JobCredentialGrantRecord, Store } from '../../src/core/contracts/store.js';
import { storeDialects } from '../../src/store/test-kit/store-dialects.js';
import { openStorePerTest } from './kit/store-per-test.js';

/**
 * The role credentials of running jobs, shared by every replica through the store (issue 24): found by
 * the credentials URL's id or by the session's access key while the grant is unexpired and its job open;
 * gone once deleted, once expired, and once the job has ended, however it ended.
 */
describe.each(storeDialects())('store on $name: job credential grants', (dialect) => {
  let store: Store;
  openStorePerTest(dialect, (opened) => {
    store = opened;
  });

  const build = { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' } as const;
  const grant: JobCredentialGrantRecord = {
    id: 'grant-1',
    tokenSha256: 'a'.repeat(64),
    jobId: 'job-1',
    roleArn: 'arn:aws:iam::123456789012:role/builder',
    roleName: 'builder',
    roleId: 'AROABUILDER',
    sessionName: 'Pipewright-job-1',
    accessKeyId: 'ASIAGRANT1',
    sealedSession: 'sealed',
    expires: 10_000,
  };

  async function openJob(id: string): Promise<void> {
    await store.createPipeline({
      declaration: { name: 'p', roleArn: grant.roleArn, artifactStore: { type: 'S3', location: 'artifacts' }, stages: [{ name: 'Build', actions: [{ name: 'A', actionTypeId: build }] }] },
      now: 1,
    });
    await store.enqueueJob({ id, pipelineName: 'p', executionId: 'e1', stageName: 'Build', actionName: 'A', actionExecutionId: `run-${id}`, actionTypeId: build, job: { jobId: id } as never, created: 1 });
  }

  it('finds a grant by its id and by its access key while its job is open and it has not expired', async () => {
    await openJob('job-1');
    await store.putJobCredentialGrant(grant);
    expect(await store.getJobCredentialGrant({ id: 'grant-1' }, 5_000)).toEqual(grant);
    expect(await store.getJobCredentialGrant({ accessKeyId: 'ASIAGRANT1' }, 5_000)).toEqual(grant);
    expect(await store.getJobCredentialGrant({ id: 'grant-2' }, 5_000)).toBeUndefined();
    expect(await store.getJobCredentialGrant({ id: 'grant-1' }, 10_000)).toBeUndefined();
  });

  it('ends a grant with its job, wherever the job ended', async () => {
    await openJob('job-1');
    await store.putJobCredentialGrant(grant);
    await store.transitionJob({ jobId: 'job-1', from: ['Queued', 'Created'], to: 'Failed', now: 2, endReason: 'stopped' });
    expect(await store.getJobCredentialGrant({ accessKeyId: 'ASIAGRANT1' }, 5_000)).toBeUndefined();
  });

  it('forgets a deleted grant, and every expired one with it', async () => {
    await openJob('job-1');
    await store.putJobCredentialGrant(grant);
    await store.putJobCredentialGrant({ ...grant, id: 'grant-old', accessKeyId: 'ASIAOLD', expires: 3_000 });
    await store.putJobCredentialGrant({ ...grant, id: 'grant-kept', accessKeyId: 'ASIAKEPT' });
    await store.deleteJobCredentialGrant('grant-1', 4_000);
    expect(await store.getJobCredentialGrant({ id: 'grant-1' }, 1_000)).toBeUndefined();
    expect(await store.getJobCredentialGrant({ id: 'grant-old' }, 1_000)).toBeUndefined();
    expect(await store.getJobCredentialGrant({ id: 'grant-kept' }, 1_000)).toEqual({ ...grant, id: 'grant-kept', accessKeyId: 'ASIAKEPT' });
  });
  it('deletes grants asked for in the same turn together, each asker told when its own is gone; inside a transaction at once', async () => {
    await openJob('job-1');
    const ids = ['grant-a', 'grant-b', 'grant-c'];
    for (const [n, id] of ids.entries()) await store.putJobCredentialGrant({ ...grant, id, accessKeyId: `ASIAGRANT${n}` });
    await store.putJobCredentialGrant({ ...grant, id: 'grant-kept', accessKeyId: 'ASIAKEPT' });
    await Promise.all([store.deleteJobCredentialGrant('grant-a', 4_000), store.deleteJobCredentialGrant('grant-b', 4_000)]);
    expect(await store.getJobCredentialGrant({ id: 'grant-a' }, 1_000)).toBeUndefined();
    expect(await store.getJobCredentialGrant({ id: 'grant-b' }, 1_000)).toBeUndefined();
    expect(await store.getJobCredentialGrant({ id: 'grant-c' }, 1_000)).toMatchObject({ id: 'grant-c' });
    // A transaction's statements run before it commits: a delete kept for later would find it closed.
    await store.transaction(async (tx) => tx.deleteJobCredentialGrant('grant-c', 4_000));
    expect(await store.getJobCredentialGrant({ id: 'grant-c' }, 1_000)).toBeUndefined();
    expect(await store.getJobCredentialGrant({ id: 'grant-kept' }, 1_000)).toMatchObject({ id: 'grant-kept' });
  });
});
