import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionJob } from '../../src/core/contracts/action-provider.js';
import type { JobRecord, Store } from '../../src/core/contracts/store.js';
import type { JobTaker } from '../../src/core/contracts/worker-peer.js';
import { actionTypeKey, type JobTypeId } from '../../src/core/declaration/types.js';
import { systemClock } from '../../src/core/clock.js';
import { ActionTypeCatalog } from '../../src/engine/action-type-catalog.js';
import { Engine } from '../../src/engine/engine.js';
import { JobService } from '../../src/engine/job-service.js';
import { storeDialects, type TestStore } from '../../src/store/test-kit/store-dialects.js';
import { sourceAndBuild } from '../store/kit/store-per-test.js';

/**
 * The server's own worker takes the jobs a decision makes in the commit that makes them (no claim of
 * its own). What must hold: the job is committed, held by the worker, before the worker hears of it; a
 * job nobody takes is queued and signalled as before; and a job that runs reports its result as a
 * claimed one does.
 */
describe.each(storeDialects())('jobs taken at commit, store on $name', (dialect) => {
  let opened: TestStore;
  let store: Store;
  let engine: Engine;
  let jobs: JobService;
  beforeEach(async () => {
    opened = await dialect.open();
    store = opened.store;
    await store.createPipeline({ declaration: sourceAndBuild('p'), now: Date.now() });
    const catalog = new ActionTypeCatalog(store);
    await catalog.refresh();
    const logger = pino({ level: 'silent' });
    engine = new Engine({ store, clock: systemClock, partition: { region: 'us-east-1', accountId: '123456789012' }, logger, actionTypes: () => catalog.current(), maxConcurrentExecutions: 50 });
    jobs = new JobService({ store, engine, clock: systemClock, logger, isRerunnable: () => true });
  });
  afterEach(async () => {
    engine.shutdown();
    await opened.dispose();
  });

  /** A taker with `slots` free slots that records what it was handed, and the job's row as the store held it then. */
  function taker(slots: number): JobTaker & { handed: Promise<{ job: ActionJob; row: JobRecord | undefined }[]>; reserved: JobTypeId[] } {
    let handedAll: (value: { job: ActionJob; row: JobRecord | undefined }[]) => void = () => undefined;
    const reserved: JobTypeId[] = [];
    return {
      reserved,
      handed: new Promise((resolve) => (handedAll = resolve)),
      reserve: (type) => {
        if (reserved.length >= slots) return undefined;
        reserved.push(type);
        return { workerId: 'in-process-test', leaseMs: 60_000 };
      },
      // Read at once: what a worker acting on the job now would find stored.
      taken: (taken) => void Promise.all(taken.map(async (job) => ({ job, row: await store.getJob(job.jobId) }))).then(handedAll),
      released: () => undefined,
    };
  }

  it('stores a taken job held by its worker before handing it over, and takes its result as a claimed one', async () => {
    const worker = taker(1);
    jobs.takeJobsAtCommit(worker);
    const signalled: string[][] = [];
    engine.signals.on('jobsQueued', ({ actionTypeIds }) => signalled.push(actionTypeIds.map(actionTypeKey)));
    await engine.startExecution('p', { trigger: { triggerType: 'StartPipelineExecution' } });
    const [handed] = await worker.handed;
    expect(handed?.job.action.name).toBe('S');
    expect(handed?.row).toMatchObject({ status: 'InProgress', workerId: 'in-process-test' });
    expect(handed?.row?.leaseUntil).toBeGreaterThan(Date.now());
    // Taken, not queued: nothing to claim, so nothing signalled, and a claim finds nothing.
    expect(signalled).toEqual([]);
    expect(await jobs.claim({ workerId: 'another', actionTypes: [handed!.job.action.typeId], limit: 8, leaseMs: 60_000 })).toEqual([]);

    await jobs.complete({ jobId: handed!.job.jobId, outcome: { status: 'Succeeded', outputArtifacts: {} } });
    expect((await store.getJob(handed!.job.jobId))?.status).toBe('Succeeded');
  });

  it('queues and signals the jobs no worker has a slot for', async () => {
    const full = taker(0);
    jobs.takeJobsAtCommit(full);
    const signalled = new Promise<string[]>((resolve) => engine.signals.on('jobsQueued', ({ actionTypeIds }) => resolve(actionTypeIds.map(actionTypeKey))));
    await engine.startExecution('p', { trigger: { triggerType: 'StartPipelineExecution' } });
    const [type] = await signalled;
    expect(type).toContain('CodeCommit');
    const claimed = await jobs.claim({ workerId: 'another', actionTypes: [{ category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' }], limit: 8, leaseMs: 60_000 });
    expect(claimed.map((job) => job.action.name)).toEqual(['S']);
  });
});
