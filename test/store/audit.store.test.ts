import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/contracts/store.js';
import { storeDialects } from '../../src/store/test-kit/store-dialects.js';
import { openStorePerTest } from './kit/store-per-test.js';

describe.each(storeDialects())('store on $name: the audit record', (dialect) => {
  let store: Store;
  openStorePerTest(dialect, (opened) => {
    store = opened;
  });

  const append = (i: number) => store.appendAudit({ time: i, requestId: `r${i}`, principal: 'arn:aws:iam::123456789012:user/u', operation: 'StartPipelineExecution', outcome: 'Succeeded', pipelineName: 'app' });

  it('trims to the latest records and keeps them whole', async () => {
    for (let i = 1; i <= 12; i += 1) await append(i);
    expect(await store.trimAudit(20)).toBe(0);
    expect(await store.trimAudit(5)).toBe(7);
    const kept = await store.listAudit({ limit: 100 });
    expect(kept.map((record) => record.requestId)).toEqual(['r12', 'r11', 'r10', 'r9', 'r8']);
    expect(await store.trimAudit(5)).toBe(0);
  });
});
