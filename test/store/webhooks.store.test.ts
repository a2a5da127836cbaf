import { describe, expect, it } from 'vitest';
import type { Store, WebhookDefinition } from '../../src/core/contracts/store.js';
import { storeDialects } from '../../src/store/test-kit/store-dialects.js';
import { openStorePerTest, sourceAndBuild } from './kit/store-per-test.js';

function definition(name: string, extra: Partial<WebhookDefinition> = {}): WebhookDefinition {
  return {
    name,
    targetPipeline: 'app',
    targetAction: 'Source',
    filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }],
    authentication: 'GITHUB_HMAC',
    authenticationConfiguration: { SecretToken: 's3cr3t' },
    ...extra,
  };
}

describe.each(storeDialects())('store on $name: webhooks and source revisions', (dialect) => {
  let store: Store;
  openStorePerTest(dialect, (opened) => {
    store = opened;
  });

  it('creates a webhook, and a second put replaces its definition but keeps its URL, creation and registration', async () => {
    const created = await store.putWebhook({ definition: definition('hook'), urlId: 'aaa', now: 1000 });
    expect(created).toEqual({ definition: definition('hook'), urlId: 'aaa', created: 1000, updated: 1000, registeredWithThirdParty: false });
    expect(await store.setWebhookRegistration('hook', true)).toBe(true);
    const replaced = await store.putWebhook({ definition: definition('hook', { targetAction: 'Other' }), urlId: 'bbb', now: 2000 });
    expect(replaced).toEqual({ definition: definition('hook', { targetAction: 'Other' }), urlId: 'aaa', created: 1000, updated: 2000, registeredWithThirdParty: true });
    expect(await store.findWebhookByUrlId('aaa')).toEqual(replaced);
    expect(await store.findWebhookByUrlId('bbb')).toBeUndefined();
    expect(await store.setWebhookRegistration('nobody', true)).toBe(false);
  });

  it('records deliveries: a success sets lastTriggered and clears the error, a failure keeps lastTriggered', async () => {
    await store.putWebhook({ definition: definition('hook'), urlId: 'aaa', now: 1000 });
    await store.recordWebhookDelivery('hook', { at: 1500, error: { code: 'PipelineNotFoundException', message: 'gone' } });
    expect(await store.getWebhook('hook')).toMatchObject({ error: { code: 'PipelineNotFoundException', message: 'gone' } });
    expect((await store.getWebhook('hook'))?.lastTriggered).toBeUndefined();
    await store.recordWebhookDelivery('hook', { at: 2000 });
    const ok = await store.getWebhook('hook');
    expect(ok?.lastTriggered).toBe(2000);
    expect(ok?.error).toBeUndefined();
    await store.recordWebhookDelivery('hook', { at: 3000, error: { code: 'X', message: 'y' } });
    expect(await store.getWebhook('hook')).toMatchObject({ lastTriggered: 2000, error: { code: 'X', message: 'y' } });
  });

  it('lists by name in pages, counts, and deletes once', async () => {
    for (const name of ['c', 'a', 'b']) await store.putWebhook({ definition: definition(name), urlId: `id-${name}`, now: 1 });
    expect((await store.listWebhooks({ limit: 2 })).map((hook) => hook.definition.name)).toEqual(['a', 'b']);
    expect((await store.listWebhooks({ afterName: 'b', limit: 2 })).map((hook) => hook.definition.name)).toEqual(['c']);
    expect(await store.countWebhooks()).toBe(3);
    expect(await store.deleteWebhook('b')).toBe(true);
    expect(await store.deleteWebhook('b')).toBe(false);
    expect(await store.countWebhooks()).toBe(2);
  });

  it('guards source revision writes: insert if absent, update only from the expected count', async () => {
    await store.createPipeline({ declaration: sourceAndBuild('app'), now: 1 });
    const first = { pipelineName: 'app', actionName: 'S', sourceKey: 'CodeCommit app main', revision: 'r1', changes: 1, updated: 10 };
    expect(await store.putSourceRevision(first, undefined)).toBe(true);
    expect(await store.putSourceRevision({ ...first, revision: 'other' }, undefined)).toBe(false);
    expect(await store.getSourceRevision('app', 'S')).toEqual(first);
    const second = { ...first, revision: 'r2', changes: 2, updated: 20 };
    expect(await store.putSourceRevision(second, 1)).toBe(true);
    // A writer that read the record before the change loses.
    expect(await store.putSourceRevision({ ...second, revision: 'r3' }, 1)).toBe(false);
    expect(await store.getSourceRevision('app', 'S')).toEqual(second);
    expect(await store.getSourceRevision('app', 'Nope')).toBeUndefined();
  });

  it('forgets source revisions with their pipeline', async () => {
    await store.createPipeline({ declaration: sourceAndBuild('app'), now: 1 });
    await store.putSourceRevision({ pipelineName: 'app', actionName: 'S', sourceKey: 'k', revision: 'r1', changes: 1, updated: 1 }, undefined);
    await store.deletePipeline('app');
    await store.createPipeline({ declaration: sourceAndBuild('app'), now: 2 });
    expect(await store.getSourceRevision('app', 'S')).toBeUndefined();
  });
});
