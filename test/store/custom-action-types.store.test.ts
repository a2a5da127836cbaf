import { describe, expect, it } from 'vitest';
import type { CustomActionTypeRecord } from '../../src/core/action-types/custom.js';
import type { Store } from '../../src/core/contracts/store.js';
import { storeDialects } from '../../src/store/test-kit/store-dialects.js';
import { openStorePerTest } from './kit/store-per-test.js';

function record(provider: string, extra: Partial<CustomActionTypeRecord> = {}): CustomActionTypeRecord {
  return {
    category: 'Build',
    provider,
    version: '1',
    settings: { entityUrlTemplate: 'https://ci/{Config:Job}' },
    configurationProperties: [{ name: 'Job', required: true, key: true, secret: false, queryable: true }],
    inputArtifacts: { minimumCount: 0, maximumCount: 5 },
    outputArtifacts: { minimumCount: 0, maximumCount: 1 },
    created: 1000,
    ...extra,
  };
}

describe.each(storeDialects())('store on $name: custom action types', (dialect) => {
  let store: Store;
  openStorePerTest(dialect, (opened) => {
    store = opened;
  });

  it('creates a type once per key and reads its whole definition back', async () => {
    expect(await store.createCustomActionType(record('Jenkins'))).toEqual(record('Jenkins'));
    expect(await store.createCustomActionType(record('Jenkins', { settings: {} }))).toBeUndefined();
    expect(await store.getCustomActionType({ category: 'Build', provider: 'Jenkins', version: '1' })).toEqual(record('Jenkins'));
    expect(await store.getCustomActionType({ category: 'Test', provider: 'Jenkins', version: '1' })).toBeUndefined();
  });

  it('lists types by category, provider and version, deleted ones included', async () => {
    await store.createCustomActionType(record('Zed'));
    await store.createCustomActionType(record('Alpha', { version: '2' }));
    await store.createCustomActionType(record('Alpha'));
    await store.createCustomActionType(record('Alpha', { category: 'Deploy' }));
    await store.markCustomActionTypeDeleted({ category: 'Build', provider: 'Zed', version: '1' }, 5000);
    expect((await store.listCustomActionTypes()).map((type) => [type.category, type.provider, type.version, type.deletedAt])).toEqual([
      ['Build', 'Alpha', '1', undefined],
      ['Build', 'Alpha', '2', undefined],
      ['Build', 'Zed', '1', 5000],
      ['Deploy', 'Alpha', '1', undefined],
    ]);
  });

  it('marks a live type deleted once, and restores it by replacing the record', async () => {
    const key = { category: 'Build' as const, provider: 'Jenkins', version: '1' };
    await store.createCustomActionType(record('Jenkins'));
    expect(await store.markCustomActionTypeDeleted(key, 2000)).toBe(true);
    expect(await store.markCustomActionTypeDeleted(key, 3000)).toBe(false);
    expect(await store.markCustomActionTypeDeleted({ ...key, provider: 'Nobody' }, 3000)).toBe(false);
    expect((await store.getCustomActionType(key))?.deletedAt).toBe(2000);
    await store.replaceCustomActionType(record('Jenkins'));
    expect(await store.getCustomActionType(key)).toEqual(record('Jenkins'));
  });
});
