import { describe, expect, it } from 'vitest';
import { storeDialects } from '../../src/store/test-kit/store-dialects.js';
import { openStorePerTest, sourceAndBuild } from './kit/store-per-test.js';
import type { Store } from '../../src/core/contracts/store.js';

describe.each(storeDialects())('store on $name: pipelines, versions and tags', (dialect) => {
  let store: Store;
  openStorePerTest(dialect, (opened) => {
    store = opened;
  });

  it('creates version 1 and refuses a taken name without writing', async () => {
    const created = await store.createPipeline({ declaration: sourceAndBuild('p'), now: 1000 });
    expect(created).toMatchObject({ name: 'p', version: 1, created: 1000, updated: 1000 });
    expect(created?.declaration.version).toBe(1);
    expect(await store.createPipeline({ declaration: sourceAndBuild('p', { stageName: 'Other' }), now: 2000 })).toBeUndefined();
    expect((await store.getPipeline('p'))?.declaration.stages[1]?.name).toBe('Build');
  });

  it('keeps every version and guards updates with the expected version', async () => {
    await store.createPipeline({ declaration: sourceAndBuild('p'), now: 1000 });
    const v2 = await store.updatePipeline({ declaration: sourceAndBuild('p', { stageName: 'Two' }), expectedVersion: 1, now: 2000 });
    expect(v2).toMatchObject({ version: 2, created: 1000, updated: 2000 });
    // A second writer that also started from version 1 loses, and writes nothing.
    expect(await store.updatePipeline({ declaration: sourceAndBuild('p', { stageName: 'Lost' }), expectedVersion: 1, now: 3000 })).toBeUndefined();
    expect((await store.getPipeline('p'))?.declaration.stages[1]?.name).toBe('Two');
    const v1 = await store.getPipelineVersion('p', 1);
    expect(v1).toMatchObject({ version: 1, created: 1000, pipelineCreated: 1000 });
    expect(v1?.declaration.stages[1]?.name).toBe('Build');
    expect(await store.getPipelineVersion('p', 3)).toBeUndefined();
  });

  it('hands out one frozen declaration while the stored one is unchanged, and the stored one as soon as it changes', async () => {
    await store.createPipeline({ declaration: sourceAndBuild('p'), now: 1000 });
    const first = await store.getPipeline('p');
    const again = await store.getPipeline('p');
    // Parsed once: a caller that changed it would change the next caller's read, so none can.
    expect(again?.declaration).toBe(first?.declaration);
    expect(Object.isFrozen(first?.declaration.stages[0]?.actions[0])).toBe(true);
    // Deleted and created again at the same time and version with another declaration: the new one is read.
    await store.deletePipeline('p');
    await store.createPipeline({ declaration: sourceAndBuild('p', { stageName: 'Again' }), now: 1000 });
    const recreated = await store.getPipeline('p');
    expect(recreated).toMatchObject({ version: 1, created: 1000 });
    expect(recreated?.declaration.stages[1]?.name).toBe('Again');
  });

  it('deletes a pipeline with its versions', async () => {
    await store.createPipeline({ declaration: sourceAndBuild('p'), now: 1000 });
    await store.updatePipeline({ declaration: sourceAndBuild('p', { stageName: 'Two' }), expectedVersion: 1, now: 2000 });
    expect(await store.deletePipeline('p')).toBe(true);
    expect(await store.getPipeline('p')).toBeUndefined();
    expect(await store.getPipelineVersion('p', 1)).toBeUndefined();
    expect(await store.deletePipeline('p')).toBe(false);
  });

  it('lists by name after a cursor and counts', async () => {
    for (const name of ['c', 'a', 'b']) await store.createPipeline({ declaration: sourceAndBuild(name), now: 1 });
    expect((await store.listPipelines({ limit: 2 })).map((p) => p.name)).toEqual(['a', 'b']);
    expect((await store.listPipelines({ afterName: 'b', limit: 2 })).map((p) => p.name)).toEqual(['c']);
    expect(await store.countPipelines()).toBe(3);
  });

  it('rolls a transaction back entirely when it throws', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.createPipeline({ declaration: sourceAndBuild('t'), now: 1 });
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
