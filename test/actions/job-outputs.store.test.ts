import { describe, expect, it } from 'vitest';
import type { ThirdPartyActionTypeRecord } from '../../src/core/action-types/third-party.js';
import type { ActionJob } from '../../src/core/contracts/action-provider.js';
import type { ArtifactRef } from '../../src/core/contracts/artifact-store.js';
import type { Store } from '../../src/core/contracts/store.js';
import type { ActionTypeId } from '../../src/core/declaration/types.js';
import { storeDialects } from '../../src/store/test-kit/store-dialects.js';
import { openStorePerTest } from '../store/kit/store-per-test.js';

const custom: ActionTypeId = { category: 'Deploy', owner: 'Custom', provider: 'Ship', version: '1' };
const partner: ActionTypeId = { category: 'Test', owner: 'ThirdParty', provider: 'Scan', version: '1' };

function ref(key: string): ArtifactRef {
  return { bucket: 'artifacts', key, digest: 'ab'.repeat(32), size: 12, fileCount: 1 };
}

function job(id: string, typeId: ActionTypeId): ActionJob {
  return {
    jobId: id,
    pipeline: { name: 'p', arn: 'arn:aws:codepipeline:us-east-1:123456789012:p', version: 1, executionId: 'e1' },
    stageName: 'Ship',
    action: { name: 'A', actionExecutionId: `run-${id}`, typeId, configuration: {}, region: 'us-east-1' },
    inputArtifacts: [{ name: 'In', ref: ref('p/In/aaaaaaa') }],
    outputArtifacts: [{ name: 'Out', location: { bucket: 'artifacts', key: `p/Out/${id.slice(0, 7)}` } }],
    deadline: 10_000,
  };
}

describe.each(storeDialects())('store on $name: job outputs, open jobs, client ids, third-party types', (dialect) => {
  let store: Store;
  openStorePerTest(dialect, async (opened) => {
    store = opened;
    await store.createPipeline({
      declaration: {
        name: 'p',
        roleArn: 'arn:aws:iam::123456789012:role/r',
        artifactStore: { type: 'S3', location: 'artifacts' },
        stages: [{ name: 'Ship', actions: [{ name: 'A', actionTypeId: custom }] }],
      },
      now: 1000,
    });
  });

  async function enqueue(id: string, typeId: ActionTypeId): Promise<void> {
    await store.enqueueJob({ id, pipelineName: 'p', executionId: 'e1', stageName: 'Ship', actionName: 'A', actionExecutionId: `run-${id}`, actionTypeId: typeId, job: job(id, typeId), created: 1000 });
  }

  it('records uploads per job and artifact, a second upload replacing the first', async () => {
    await enqueue('job-1', custom);
    await store.putJobOutput({ jobId: 'job-1', artifactName: 'Out', ref: ref('p/Out/first00'), uploaded: 2000 });
    await store.putJobOutput({ jobId: 'job-1', artifactName: 'Out', ref: ref('p/Out/second0'), uploaded: 3000 });
    await store.putJobOutput({ jobId: 'job-1', artifactName: 'Extra', ref: ref('p/Extra/third00'), uploaded: 3000 });
    expect(await store.listJobOutputs('job-1')).toEqual([
      { jobId: 'job-1', artifactName: 'Extra', ref: ref('p/Extra/third00'), uploaded: 3000 },
      { jobId: 'job-1', artifactName: 'Out', ref: ref('p/Out/second0'), uploaded: 3000 },
    ]);
    expect(await store.listJobOutputs('job-2')).toEqual([]);
  });

  it('lists the jobs handed out and not ended, and gives third-party jobs a clientId at dispatch', async () => {
    await enqueue('job-1', custom);
    await enqueue('job-2', partner);
    await enqueue('job-3', custom);
    expect(await store.listOpenJobs()).toEqual([]);
    const [dispatched] = await store.dispatchJobs({ actionTypeId: custom, limit: 1, now: 2000, nonce: () => 'nonce-1', staleDispatchedBefore: 0 });
    expect(dispatched).toMatchObject({ id: 'job-1', status: 'Dispatched', nonce: 'nonce-1' });
    expect(dispatched?.clientId).toBeUndefined();
    const [thirdParty] = await store.dispatchJobs({ actionTypeId: partner, limit: 5, now: 2000, nonce: () => 'nonce-2', clientId: () => 'client-2', staleDispatchedBefore: 0 });
    expect(thirdParty).toMatchObject({ id: 'job-2', nonce: 'nonce-2', clientId: 'client-2' });
    await store.transitionJob({ jobId: 'job-1', from: ['Dispatched'], to: 'Succeeded', now: 3000 });
    expect((await store.listOpenJobs()).map((open) => open.id)).toEqual(['job-2']);
    expect((await store.getJob('job-2'))?.clientId).toBe('client-2');
  });

  it('registers third-party action types and replaces their definitions', async () => {
    const type: ThirdPartyActionTypeRecord = {
      category: 'Test',
      provider: 'Scan',
      version: '1',
      description: 'scans',
      settings: {},
      configurationProperties: [{ name: 'Profile', required: true, key: true, secret: false, queryable: false, type: 'String' }],
      inputArtifacts: { minimumCount: 1, maximumCount: 1 },
      outputArtifacts: { minimumCount: 0, maximumCount: 0 },
      jobTimeoutSeconds: 600,
      created: 1000,
      updated: 1000,
    };
    expect(await store.putThirdPartyActionType(type)).toEqual(type);
    const updated = await store.putThirdPartyActionType({ ...type, description: 'scans better', created: 5000, updated: 5000 });
    expect(updated).toEqual({ ...type, description: 'scans better', updated: 5000 });
    expect(await store.listThirdPartyActionTypes()).toEqual([updated]);
  });
});
