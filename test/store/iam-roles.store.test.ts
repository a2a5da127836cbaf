import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/contracts/store.js';
import { storeDialects } from '../../src/store/test-kit/store-dialects.js';
import { openStorePerTest } from './kit/store-per-test.js';

describe.each(storeDialects())('store on $name: IAM roles', (dialect) => {
  let store: Store;
  openStorePerTest(dialect, (opened) => {
    store = opened;
  });

  const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
  const builder = { name: 'builder', roleId: 'AROABUILDER000000001', path: '/ci/', assumeRolePolicyDocument: trust, description: 'builds', maxSessionDuration: 7200, created: 1000 };

  it('creates a role once, reads it back whole, lists by path prefix after a cursor', async () => {
    expect(await store.createIamRole(builder)).toEqual(builder);
    expect(await store.createIamRole({ ...builder, roleId: 'AROAOTHER' })).toBeUndefined();
    await store.createIamRole({ name: 'deployer', roleId: 'AROADEPLOYER', path: '/', assumeRolePolicyDocument: trust, maxSessionDuration: 3600, created: 2000 });
    expect(await store.getIamRole('builder')).toEqual(builder);
    expect(await store.getIamRole('deployer')).toEqual({ name: 'deployer', roleId: 'AROADEPLOYER', path: '/', assumeRolePolicyDocument: trust, maxSessionDuration: 3600, created: 2000 });
    expect((await store.listIamRoles({ pathPrefix: '/ci/', limit: 10 })).map((role) => role.name)).toEqual(['builder']);
    expect((await store.listIamRoles({ afterName: 'builder', limit: 10 })).map((role) => role.name)).toEqual(['deployer']);
  });

  it('refuses to delete a role that still has inline or attached policies, as IAM does', async () => {
    const owner = { kind: 'role', name: 'builder' } as const;
    await store.createIamRole(builder);
    await store.putInlinePolicy({ owner, policyName: 'p', document: '{}' });
    await store.attachPolicy(owner, 'arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess');
    // A user of the same name is another owner.
    expect(await store.listInlinePolicies({ kind: 'user', name: 'builder' })).toEqual([]);
    expect(await store.deleteIamRole('builder')).toBe('conflict');
    expect(await store.deleteInlinePolicy(owner, 'p')).toBe(true);
    expect(await store.deleteIamRole('builder')).toBe('conflict');
    expect(await store.detachPolicy(owner, 'arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess')).toBe(true);
    expect(await store.deleteIamRole('builder')).toBe('deleted');
    expect(await store.deleteIamRole('builder')).toBe('not-found');
  });
});
