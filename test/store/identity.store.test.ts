import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/contracts/store.js';
import { storeDialects } from '../../src/store/test-kit/store-dialects.js';
import { openStorePerTest } from './kit/store-per-test.js';

describe.each(storeDialects())('store on $name: IAM identities', (dialect) => {
  let store: Store;
  openStorePerTest(dialect, (opened) => {
    store = opened;
  });

  const alice = { name: 'alice', userId: 'AIDAALICE0000000000001', path: '/dev/', created: 1000 };

  it('creates a user once, lists by path prefix after a cursor', async () => {
    expect(await store.createIamUser(alice)).toEqual(alice);
    expect(await store.createIamUser({ ...alice, userId: 'AIDAOTHER' })).toBeUndefined();
    await store.createIamUser({ name: 'bob', userId: 'AIDABOB', path: '/', created: 2000 });
    await store.createIamUser({ name: 'carol', userId: 'AIDACAROL', path: '/dev/team/', created: 3000 });
    expect(await store.getIamUser('alice')).toEqual(alice);
    expect((await store.listIamUsers({ limit: 10 })).map((u) => u.name)).toEqual(['alice', 'bob', 'carol']);
    expect((await store.listIamUsers({ pathPrefix: '/dev/', limit: 10 })).map((u) => u.name)).toEqual(['alice', 'carol']);
    expect((await store.listIamUsers({ afterName: 'alice', limit: 1 })).map((u) => u.name)).toEqual(['bob']);
  });

  it('refuses to delete a user who still has keys or policies, as IAM does', async () => {
    await store.createIamUser(alice);
    await store.createAccessKey({ accessKeyId: 'AKIAALICE', userName: 'alice', sealedSecret: 'sealed', status: 'Active', created: 1 });
    await store.putInlinePolicy({ owner: { kind: 'user', name: 'alice' }, policyName: 'p', document: '{}' });
    expect(await store.deleteIamUser('alice')).toBe('conflict');
    expect(await store.deleteAccessKey('AKIAALICE')).toBe(true);
    expect(await store.deleteIamUser('alice')).toBe('conflict');
    expect(await store.deleteInlinePolicy({ kind: 'user', name: 'alice' }, 'p')).toBe(true);
    expect(await store.deleteIamUser('alice')).toBe('deleted');
    expect(await store.deleteIamUser('alice')).toBe('not-found');
  });

  it('keeps access keys of users and of the root apart, and changes their status', async () => {
    await store.createIamUser(alice);
    await store.createAccessKey({ accessKeyId: 'AKIAROOT', userName: null, sealedSecret: 's0', status: 'Active', created: 1 });
    await store.createAccessKey({ accessKeyId: 'AKIAALICE', userName: 'alice', sealedSecret: 's1', status: 'Active', created: 2 });
    expect((await store.listAccessKeys(null)).map((k) => k.accessKeyId)).toEqual(['AKIAROOT']);
    expect((await store.listAccessKeys('alice')).map((k) => k.accessKeyId)).toEqual(['AKIAALICE']);
    expect(await store.updateAccessKeyStatus('AKIAALICE', 'Inactive')).toBe(true);
    expect(await store.getAccessKey('AKIAALICE')).toEqual({ accessKeyId: 'AKIAALICE', userName: 'alice', sealedSecret: 's1', status: 'Inactive', created: 2 });
    expect(await store.updateAccessKeyStatus('AKIANONE', 'Inactive')).toBe(false);
  });

  it('replaces inline policies, attaches idempotently, and finds a user groups', async () => {
    const owner = { kind: 'user', name: 'alice' } as const;
    await store.createIamUser(alice);
    await store.putInlinePolicy({ owner, policyName: 'p', document: '{"v":1}' });
    await store.putInlinePolicy({ owner, policyName: 'p', document: '{"v":2}' });
    expect(await store.listInlinePolicies(owner)).toEqual([{ owner, policyName: 'p', document: '{"v":2}' }]);
    await store.attachPolicy(owner, 'arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess');
    await store.attachPolicy(owner, 'arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess');
    expect(await store.listAttachedPolicies(owner)).toEqual(['arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess']);
    expect(await store.detachPolicy(owner, 'arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess')).toBe(true);
    expect(await store.listAttachedPolicies(owner)).toEqual([]);
    await store.createIamGroup({ name: 'devs', groupId: 'AGPADEVS', path: '/', created: 5 });
    await store.addIamUserToGroup('devs', 'alice');
    await store.addIamUserToGroup('devs', 'alice');
    expect(await store.listIamGroupsForUser('alice')).toEqual(['devs']);
    expect((await store.getIamGroup('devs'))?.groupId).toBe('AGPADEVS');
    expect(await store.listIamGroupMembers('devs')).toEqual(['alice']);
    // A group with members is not deleted; once empty it is.
    expect(await store.deleteIamGroup('devs')).toBe('conflict');
    expect(await store.removeIamUserFromGroup('devs', 'alice')).toBe(true);
    expect(await store.removeIamUserFromGroup('devs', 'alice')).toBe(false);
    expect(await store.deleteIamGroup('devs')).toBe('deleted');
    expect(await store.deleteIamGroup('devs')).toBe('not-found');
  });
});
