import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/contracts/store.js';
import { openStore } from '../../src/store/open-store.js';
import { dropTestSchema, holdingSchemaLock } from '../../src/store/test-kit/store-dialects.js';

const url = process.env.PIPEWRIGHT_TEST_DATABASE_URL;
const build = { category: 'Build' as const, owner: 'AWS' as const, provider: 'CodeBuild', version: '1' };

/**
 * Two replicas claiming jobs at once on PostgreSQL (two stores, two connection pools, one schema): the
 * rows one replica's claim holds locked, uncommitted, are passed over by the other's (FOR UPDATE SKIP
 * LOCKED), which takes the next jobs at once instead of waiting. Were it to wait, this test would hang:
 * the first claim commits only after the second has answered.
 */
describe.skipIf(url === undefined || url === '')('job claims on PostgreSQL pass over rows another replica is claiming', () => {
  const schema = `pw_test_${randomBytes(6).toString('hex')}`;
  let first: Store;
  let second: Store;
  beforeAll(async () => {
    first = await holdingSchemaLock(url!, 'shared', () => openStore({ kind: 'postgres', url: url!, schema }));
    second = await openStore({ kind: 'postgres', url: url!, schema });
    await first.createPipeline({
      declaration: { name: 'p', roleArn: 'arn:aws:iam::123456789012:role/r', artifactStore: { type: 'S3', location: 'artifacts' }, stages: [{ name: 'Build', actions: [{ name: 'A', actionTypeId: build }] }] },
      now: 1,
    });
    for (let index = 1; index <= 4; index += 1) {
      const id = `j${index}`;
      await first.enqueueJob({ id, pipelineName: 'p', executionId: 'e1', stageName: 'Build', actionName: 'A', actionExecutionId: `r${index}`, actionTypeId: build, job: { jobId: id } as never, created: index });
    }
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await dropTestSchema(url!, schema);
  });

  it('gives the second claimer the jobs the first one is not holding, without waiting for it', async () => {
    const claim = { actionTypes: [build], leaseUntil: 1000, now: 10 };
    const [held, passedOver] = await first.transaction(async (claiming) => {
      const mine = await claiming.claimJobs({ ...claim, workerId: 'replica-a', limit: 2 });
      const theirs = await second.claimJobs({ ...claim, workerId: 'replica-b', limit: 4 });
      return [mine, theirs];
    });
    expect(held.map((job) => job.id)).toEqual(['j1', 'j2']);
    expect(passedOver.map((job) => job.id)).toEqual(['j3', 'j4']);
    expect((await second.getJob('j1'))?.workerId).toBe('replica-a');
  });
});
