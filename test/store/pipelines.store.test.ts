import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineDeclaration } from '../../src/core/declaration/types.js';
import { storeDialects, type TestStore } from '../../src/store/test-kit/store-dialects.js';
import type { Store } from '../../src/core/contracts/store.js';

function declaration(name: string, stageName = 'Build'): PipelineDeclaration {
  return {
    name,
    roleArn: 'arn:aws:iam::123456789012:role/r',
    artifactStore: { type: 'S3', location: 'bucket' },
    stages: [
      { name: 'Source', actions: [{ name: 'S', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' } }] },
      { name: stageName, actions: [{ name: 'B', actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' } }] },
    ],
  };
}

describe.each(storeDialects())('store on $name: pipelines, versions and tags', (dialect) => {
  let opened: TestStore;
  let store: Store;
  beforeEach(async () => {
    opened = await dialect.open();
    store = opened.store;
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('creates version 1 and refuses a taken name without writing', async () => {
    const created = await store.createPipeline({ declaration: declaration('p'), now: 1000 });
    expect(created).toMatchObject({ name: 'p', version: 1, created: 1000, updated: 1000 });
    expect(created?.declaration.version).toBe(1);
    expect(await store.createPipeline({ declaration: declaration('p', 'Other'), now: 2000 })).toBeUndefined();
    expect((await store.getPipeline('p'))?.declaration.stages[1]?.name).toBe('Build');
  });

  it('keeps every version and guards updates with the expected version', async () => {
    await store.createPipeline({ declaration: declaration('p'), now: 1000 });
    const v2 = await store.updatePipeline({ declaration: declaration('p', 'Two'), expectedVersion: 1, now: 2000 });
    expect(v2).toMatchObject({ version: 2, created: 1000, updated: 2000 });
    // A second writer that also started from version 1 loses, and writes nothing.
    expect(await store.updatePipeline({ declaration: declaration('p', 'Lost'), expectedVersion: 1, now: 3000 })).toBeUndefined();
    expect((await store.getPipeline('p'))?.declaration.stages[1]?.name).toBe('Two');
    const v1 = await store.getPipelineVersion('p', 1);
    expect(v1).toMatchObject({ version: 1, created: 1000, pipelineCreated: 1000 });
    expect(v1?.declaration.stages[1]?.name).toBe('Build');
    expect(await store.getPipelineVersion('p', 3)).toBeUndefined();
  });

  it('deletes a pipeline with its versions', async () => {
    await store.createPipeline({ declaration: declaration('p'), now: 1000 });
    await store.updatePipeline({ declaration: declaration('p', 'Two'), expectedVersion: 1, now: 2000 });
    expect(await store.deletePipeline('p')).toBe(true);
    expect(await store.getPipeline('p')).toBeUndefined();
    expect(await store.getPipelineVersion('p', 1)).toBeUndefined();
    expect(await store.deletePipeline('p')).toBe(false);
  });

  it('lists by name after a cursor and counts', async () => {
    for (const name of ['c', 'a', 'b']) await store.createPipeline({ declaration: declaration(name), now: 1 });
    expect((await store.listPipelines({ limit: 2 })).map((p) => p.name)).toEqual(['a', 'b']);
    expect((await store.listPipelines({ afterName: 'b', limit: 2 })).map((p) => p.name)).toEqual(['c']);
    expect(await store.countPipelines()).toBe(3);
  });

  it('rolls a transaction back entirely when it throws', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.createPipeline({ declaration: declaration('t'), now: 1 });
        await tx.putTags('arn:t', [{ key: 'k', value: 'v' }]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await store.getPipeline('t')).toBeUndefined();
    expect(await store.listTags('arn:t')).toEqual([]);
  });

  it('keeps tags in the order first set, overwriting values in place', async () => {
    await store.putTags('arn:x', [
      { key: 'team', value: 'a' },
      { key: 'env', value: 'dev' },
    ]);
    await store.putTags('arn:x', [
      { key: 'team', value: 'b' },
      { key: 'cost', value: '1' },
    ]);
    expect(await store.listTags('arn:x')).toEqual([
      { key: 'team', value: 'b' },
      { key: 'env', value: 'dev' },
      { key: 'cost', value: '1' },
    ]);
    await store.removeTags('arn:x', ['env']);
    expect((await store.listTags('arn:x')).map((t) => t.key)).toEqual(['team', 'cost']);
  });
});
