import { describe, expect, it } from 'vitest';
import type { RuntimeCommit, Store } from '../../src/core/contracts/store.js';
import type { ExecutionState } from '../../src/core/execution/state.js';
import { storeDialects } from '../../src/store/test-kit/store-dialects.js';
import { openStorePerTest, sourceAndBuild } from './kit/store-per-test.js';

function execution(id: string, sequence: number, status: ExecutionState['status'], stages: ExecutionState['stages'] = {}): ExecutionState {
  return {
    id,
    pipelineVersion: 1,
    mode: 'SUPERSEDED',
    type: 'STANDARD',
    status,
    trigger: { triggerType: 'StartPipelineExecution' },
    startedAt: 1000 + sequence,
    updatedAt: 1000 + sequence,
    startSequence: sequence,
    position: status === 'InProgress' ? { kind: 'in-stage', stageName: 'Source', arrival: sequence } : { kind: 'done' },
    variables: {},
    sourceRevisionOverrides: [],
    namespaces: {},
    artifacts: {},
    artifactRevisions: {},
    stages,
  };
}

function commit(revision: number, overrides: Partial<RuntimeCommit> = {}): RuntimeCommit {
  return {
    pipelineName: 'p',
    expectedRevision: revision,
    runtime: { transitions: {}, stageLatest: {}, stageLastSucceeded: {}, sequence: revision },
    executions: [],
    actionRuns: [],
    ruleRuns: [],
    newJobs: [],
    cancelJobsOfActionRuns: [],
    events: [],
    finishJobs: [],
    ...overrides,
  };
}

const succeededBuild: ExecutionState['stages'] = {
  Build: { status: 'Succeeded', startedAt: 1, updatedAt: 2, actions: {}, retry: { autoStageRetryAttempt: 0, manualStageRetryAttempt: 0 } },
};

describe.each(storeDialects())('store on $name: executions, jobs and events', (dialect) => {
  let store: Store;
  openStorePerTest(dialect, async (opened) => {
    store = opened;
    await store.createPipeline({
      declaration: sourceAndBuild('p', { artifactBucket: 'b' }),
      now: 1,
    });
  });

  it('guards each decision with the runtime revision', async () => {
    expect(await store.commitRuntime(commit(0, { executions: [{ pipelineName: 'p', execution: execution('e1', 1, 'InProgress') }] }))).toEqual({ committed: true });
    // A second writer that decided on revision 0 too loses, and writes nothing.
    expect(await store.commitRuntime(commit(0, { executions: [{ pipelineName: 'p', execution: execution('e2', 2, 'InProgress') }] }))).toEqual({ committed: false, guard: 'revision' });
    expect(await store.getExecution('p', 'e2')).toBeUndefined();
    expect(await store.commitRuntime(commit(1, { executions: [{ pipelineName: 'p', execution: execution('e1', 1, 'Failed') }] }))).toEqual({ committed: true });
    expect((await store.getExecution('p', 'e1'))?.execution.status).toBe('Failed');
  });

  // The revision's UPDATE runs first and matches; the job's guard after it fails (no such open job).
  const refusedAfterTheRevision = commit(1, {
    executions: [{ pipelineName: 'p', execution: execution('e9', 9, 'InProgress') }],
    finishJobs: [{ jobId: 'no-such-job', from: ['InProgress'], to: 'Succeeded' }],
  });

  it('rolls back everything a decision applied when a later guard fails', async () => {
    await store.commitRuntime(commit(0));
    expect(await store.commitRuntime(refusedAfterTheRevision)).toEqual({ committed: false, guard: 'job' });
    expect((await store.loadRuntime('p')).revision).toBe(1);
    expect(await store.getExecution('p', 'e9')).toBeUndefined();
  });

  it('rolls back what a refused decision applied inside a caller transaction, and keeps the caller writes', async () => {
    await store.commitRuntime(commit(0));
    const arn = 'arn:aws:codepipeline:us-east-1:123456789012:p';
    const result = await store.transaction(async (tx) => {
      await tx.putTags(arn, [{ key: 'team', value: 'blue' }]);
      return tx.commitRuntime(refusedAfterTheRevision);
    });
    expect(result).toEqual({ committed: false, guard: 'job' });
    expect((await store.loadRuntime('p')).revision).toBe(1);
    expect(await store.getExecution('p', 'e9')).toBeUndefined();
    expect(await store.listTags(arn)).toEqual([{ key: 'team', value: 'blue' }]);
  });

  it('loads the active executions and those the runtime points to', async () => {
    await store.commitRuntime(
      commit(0, {
        runtime: { transitions: {}, stageLatest: { Build: 'old' }, stageLastSucceeded: {}, sequence: 3 },
        executions: [
          { pipelineName: 'p', execution: execution('old', 1, 'Failed') },
          { pipelineName: 'p', execution: execution('gone', 2, 'Succeeded') },
          { pipelineName: 'p', execution: execution('live', 3, 'InProgress') },
        ],
      }),
    );
    const snapshot = await store.loadRuntime('p');
    expect(snapshot.revision).toBe(1);
    expect(snapshot.runtime.stageLatest).toEqual({ Build: 'old' });
    expect(snapshot.executions.map((loaded) => loaded.id).sort()).toEqual(['live', 'old']);
    expect(await store.listPipelinesWithActiveExecutions()).toEqual(['p']);
  });

  it('lists executions newest first with paging and the succeededInStage filter, and finds request tokens', async () => {
    await store.commitRuntime(
      commit(0, {
        executions: [
          { pipelineName: 'p', execution: execution('a', 1, 'Succeeded', succeededBuild) },
          { pipelineName: 'p', execution: execution('b', 2, 'Failed'), clientRequestToken: 'token-b' },
          { pipelineName: 'p', execution: execution('c', 3, 'Succeeded', succeededBuild) },
        ],
      }),
    );
    expect((await store.listExecutions('p', { limit: 2 })).map((record) => record.execution.id)).toEqual(['c', 'b']);
    expect((await store.listExecutions('p', { limit: 2, beforeSequence: 2 })).map((record) => record.execution.id)).toEqual(['a']);
    expect((await store.listExecutions('p', { limit: 10, succeededInStage: 'Build' })).map((record) => record.execution.id)).toEqual(['c', 'a']);
    expect(await store.listExecutions('p', { limit: 10, succeededInStage: 'Buil_' })).toEqual([]);
    expect(await store.findExecutionByRequestToken('p', 'token-b')).toBe('b');
  });

  it('claims each queued job once, guards its end, and cancels the jobs of abandoned runs', async () => {
    const job = (id: string, actionExecutionId: string) => ({
      id,
      pipelineName: 'p',
      executionId: 'e1',
      stageName: 'Build',
      actionName: 'B',
      actionExecutionId,
      actionTypeId: { category: 'Build' as const, owner: 'AWS' as const, provider: 'CodeBuild', version: '1' },
      job: { jobId: id } as never,
      created: 5,
    });
    await store.commitRuntime(commit(0, { executions: [{ pipelineName: 'p', execution: execution('e1', 1, 'InProgress') }], newJobs: [job('j1', 'r1'), job('j2', 'r2')] }));
    const type = [{ category: 'Build' as const, owner: 'AWS' as const, provider: 'CodeBuild', version: '1' }];
    const first = await store.claimJobs({ actionTypes: type, workerId: 'w1', limit: 1, leaseUntil: 100, now: 10 });
    const second = await store.claimJobs({ actionTypes: type, workerId: 'w2', limit: 5, leaseUntil: 100, now: 10 });
    expect(first.map((claimed) => claimed.id)).toEqual(['j1']);
    expect(second.map((claimed) => claimed.id)).toEqual(['j2']);
    expect(await store.extendLease({ jobId: 'j1', workerId: 'w2', leaseUntil: 200, now: 11 })).toBe(false);
    expect(await store.extendLease({ jobId: 'j1', workerId: 'w1', leaseUntil: 200, now: 11 })).toBe(true);
    expect((await store.listExpiredLeases(150)).map((expired) => expired.id)).toEqual(['j2']);

    expect(await store.commitRuntime(commit(1, { finishJobs: [{ jobId: 'j1', from: ['InProgress'], to: 'Succeeded' }] }))).toEqual({ committed: true });
    // The same result again: the job has ended, the whole decision is refused.
    expect(await store.commitRuntime(commit(2, { finishJobs: [{ jobId: 'j1', from: ['InProgress'], to: 'Succeeded' }] }))).toEqual({ committed: false, guard: 'job' });
    await store.commitRuntime(commit(2, { cancelJobsOfActionRuns: ['r2'] }));
    expect((await store.getJob('j2'))?.status).toBe('Failed');
  });

  it('gives each of many queued jobs to one of many concurrent claimers, oldest first', async () => {
    const type = { category: 'Build' as const, owner: 'AWS' as const, provider: 'CodeBuild', version: '1' };
    const other = { ...type, provider: 'Other' };
    const newJobs = Array.from({ length: 30 }, (_, index) => ({
      id: `j${String(index).padStart(2, '0')}`,
      pipelineName: 'p',
      executionId: 'e1',
      stageName: 'Build',
      actionName: `A${index}`,
      actionExecutionId: `r${index}`,
      actionTypeId: index % 3 === 2 ? other : type,
      job: { jobId: `j${index}` } as never,
      created: 100 - index,
    }));
    await store.commitRuntime(commit(0, { executions: [{ pipelineName: 'p', execution: execution('e1', 1, 'InProgress') }], newJobs }));
    const first = await store.claimJobs({ actionTypes: [type], workerId: 'first', limit: 4, leaseUntil: 1000, now: 10 });
    expect(first.map((job) => job.id)).toEqual(['j28', 'j27', 'j25', 'j24']);
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, claimer) => store.claimJobs({ actionTypes: [type], workerId: `w${claimer}`, limit: 4, leaseUntil: 1000, now: 10 })),
    );
    // Concurrent claimers may pick the same candidates; a loser gets fewer jobs, never a job twice.
    const rest = await store.claimJobs({ actionTypes: [type], workerId: 'late', limit: 30, leaseUntil: 1000, now: 10 });
    const claimed = [...first, ...claims.flat(), ...rest];
    const ofType = newJobs.filter((job) => job.actionTypeId === type);
    expect(claimed.map((job) => job.id).sort()).toEqual(ofType.map((job) => job.id).sort());
    for (const claim of [...claims, rest]) {
      expect(claim.map((job) => job.created)).toEqual(claim.map((job) => job.created).sort((a, b) => a - b));
      expect(claim.every((job) => job.status === 'InProgress' && job.workerId === claim[0]?.workerId)).toBe(true);
    }
  });

  it('dispatches a job with a nonce and gives it out again when not acknowledged in time', async () => {
    const type = { category: 'Build' as const, owner: 'Custom' as const, provider: 'Worker', version: '1' };
    await store.commitRuntime(
      commit(0, {
        executions: [{ pipelineName: 'p', execution: execution('e1', 1, 'InProgress') }],
        newJobs: [{ id: 'j', pipelineName: 'p', executionId: 'e1', stageName: 'Build', actionName: 'B', actionExecutionId: 'r', actionTypeId: type, job: { jobId: 'j' } as never, created: 1 }],
      }),
    );
    let nonce = 0;
    const next = () => `n${(nonce += 1)}`;
    const [dispatched] = await store.dispatchJobs({ actionTypeId: type, limit: 5, now: 10, nonce: next, staleDispatchedBefore: 0 });
    expect(dispatched?.nonce).toBe('n1');
    expect(await store.dispatchJobs({ actionTypeId: type, limit: 5, now: 20, nonce: next, staleDispatchedBefore: 5 })).toEqual([]);
    const [again] = await store.dispatchJobs({ actionTypeId: type, limit: 5, now: 100, nonce: next, staleDispatchedBefore: 50 });
    expect(again?.nonce).toBe('n2');
    expect(await store.transitionJob({ jobId: 'j', from: ['Dispatched'], to: 'InProgress', now: 101, nonce: 'n1' })).toBeUndefined();
    expect((await store.transitionJob({ jobId: 'j', from: ['Dispatched'], to: 'InProgress', now: 101, nonce: 'n2' }))?.status).toBe('InProgress');
  });

  it('numbers events in order and reads them after a cursor, by pipeline', async () => {
    const event = (state: string) => ({ pipelineName: 'p', executionId: 'e1', time: 1, detailType: 'CodePipeline Pipeline Execution State Change', detail: { state } });
    await store.commitRuntime(commit(0, { events: [event('STARTED'), event('SUCCEEDED')] }));
    const all = await store.listEvents({ afterSequence: 0, limit: 10 });
    expect(all.map((record) => record.detail.state)).toEqual(['STARTED', 'SUCCEEDED']);
    expect(all[1]!.sequence).toBeGreaterThan(all[0]!.sequence);
    expect(await store.listEvents({ afterSequence: all[0]!.sequence, pipelineName: 'p', limit: 10 })).toHaveLength(1);
    expect(await store.listEvents({ afterSequence: 0, pipelineName: 'other', limit: 10 })).toEqual([]);
    expect(await store.latestEventSequence()).toBe(all[1]!.sequence);
  });

  it('deletes executions, runs, jobs and events with their pipeline', async () => {
    await store.commitRuntime(
      commit(0, {
        executions: [{ pipelineName: 'p', execution: execution('e1', 1, 'InProgress') }],
        events: [{ pipelineName: 'p', time: 1, detailType: 'x', detail: {} }],
      }),
    );
    await store.deletePipeline('p');
    expect(await store.getExecution('p', 'e1')).toBeUndefined();
    expect(await store.listEvents({ afterSequence: 0, limit: 10 })).toEqual([]);
    expect(await store.listPipelinesWithActiveExecutions()).toEqual([]);
  });
});
