import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/contracts/store.js';
import { storeDialects } from '../../src/store/test-kit/store-dialects.js';
import { openStorePerTest } from './kit/store-per-test.js';

describe.each(storeDialects())('store on $name: parameters and secrets', (dialect) => {
  let store: Store;
  openStorePerTest(dialect, (opened) => {
    store = opened;
  });

  describe('parameters', () => {
    it('creates version 1, refuses to overwrite unless told, and counts versions', async () => {
      const created = await store.putParameter({ name: '/app/db/host', value: 'db1', type: 'String', description: 'the host', overwrite: false, now: 1000 });
      expect(created).toEqual({ name: '/app/db/host', value: 'db1', type: 'String', description: 'the host', version: 1, lastModified: 1000 });
      expect(await store.putParameter({ name: '/app/db/host', value: 'db2', type: 'String', overwrite: false, now: 2000 })).toBeUndefined();
      expect((await store.getParameter('/app/db/host'))?.value).toBe('db1');

      const overwritten = await store.putParameter({ name: '/app/db/host', value: 'db2', type: 'SecureString', overwrite: true, now: 3000 });
      // The description stays when an overwrite does not give one.
      expect(overwritten).toEqual({ name: '/app/db/host', value: 'db2', type: 'SecureString', description: 'the host', version: 2, lastModified: 3000 });
      expect(await store.getParameter('/app/db/host')).toEqual(overwritten);
      expect(await store.getParameter('/app/db/other')).toBeUndefined();
    });

    it('lists by path, directly under it or recursively, case-sensitively, after a cursor', async () => {
      for (const name of ['/app/a', '/app/b', '/app/sub/c', '/App/x', '/apple', 'plain']) {
        await store.putParameter({ name, value: 'v', type: 'String', overwrite: false, now: 1 });
      }
      const names = async (page: Parameters<Store['listParameters']>[0]) => (await store.listParameters(page)).map((p) => p.name);
      expect(await names({ path: '/app', limit: 10 })).toEqual(['/app/a', '/app/b']);
      expect(await names({ path: '/app/', recursive: true, limit: 10 })).toEqual(['/app/a', '/app/b', '/app/sub/c']);
      expect(await names({ path: '/app', recursive: true, afterName: '/app/a', limit: 1 })).toEqual(['/app/b']);
      expect(await names({ limit: 100 })).toHaveLength(6);
    });

    it('keeps every version with who wrote it, the last 100 of them, and forgets them on delete', async () => {
      await store.putParameter({ name: 'h', value: 'v1', type: 'String', overwrite: false, modifiedBy: 'arn:aws:iam::1:user/a', now: 1 });
      for (let i = 2; i <= 102; i++) await store.putParameter({ name: 'h', value: `v${i}`, type: 'String', overwrite: true, now: i });
      const history = await store.getParameterHistory('h');
      expect(history).toHaveLength(100);
      expect(history.map((p) => p.version).slice(0, 2)).toEqual([3, 4]);
      expect(history.at(-1)).toMatchObject({ version: 102, value: 'v102', lastModified: 102 });
      expect(await store.getParameterVersion('h', 50)).toMatchObject({ value: 'v50', version: 50 });
      expect(await store.getParameterVersion('h', 1)).toBeUndefined();
      await store.putParameter({ name: 'who', value: 'x', type: 'String', overwrite: false, modifiedBy: 'arn:aws:iam::1:user/a', now: 1 });
      expect((await store.getParameterHistory('who'))[0]?.modifiedBy).toBe('arn:aws:iam::1:user/a');
      expect(await store.deleteParameter('h')).toBe(true);
      expect(await store.getParameterHistory('h')).toEqual([]);
    });

    it('deletes', async () => {
      await store.putParameter({ name: 'p', value: 'v', type: 'String', overwrite: false, now: 1 });
      expect(await store.deleteParameter('p')).toBe(true);
      expect(await store.getParameter('p')).toBeUndefined();
      expect(await store.deleteParameter('p')).toBe(false);
    });
  });

  describe('secrets', () => {
    it('creates a secret whose first version is AWSCURRENT, and refuses a taken name', async () => {
      const created = await store.createSecret({ name: 'db', secretString: '{"password":"p1"}', versionId: 'v1', description: 'database', now: 1000 });
      expect(created).toEqual({
        name: 'db',
        description: 'database',
        created: 1000,
        lastChanged: 1000,
        versions: [{ versionId: 'v1', stages: ['AWSCURRENT'], created: 1000 }],
      });
      expect(await store.createSecret({ name: 'db', secretString: 'x', versionId: 'v9', now: 2000 })).toBeUndefined();
      expect((await store.getSecretValue('db'))?.secretString).toBe('{"password":"p1"}');
    });

    it('moves AWSCURRENT to a new value and AWSPREVIOUS to the old one', async () => {
      await store.createSecret({ name: 's', secretString: 'one', versionId: 'v1', now: 1000 });
      const put = await store.putSecretValue({ name: 's', secretString: 'two', versionId: 'v2', now: 2000 });
      expect(put).toEqual({ status: 'stored', version: { versionId: 'v2', stages: ['AWSCURRENT'], created: 2000 } });
      await store.putSecretValue({ name: 's', secretString: 'three', versionId: 'v3', now: 3000 });

      expect((await store.getSecretValue('s'))?.secretString).toBe('three');
      expect((await store.getSecretValue('s', { versionStage: 'AWSPREVIOUS' }))?.secretString).toBe('two');
      // v1 lost its labels but is kept, reachable by id.
      expect(await store.getSecretValue('s', { versionId: 'v1' })).toEqual({
        name: 's',
        versionId: 'v1',
        stages: [],
        created: 1000,
        secretString: 'one',
      });
      const described = await store.describeSecret('s');
      expect(described?.versions).toEqual([
        { versionId: 'v3', stages: ['AWSCURRENT'], created: 3000 },
        { versionId: 'v2', stages: ['AWSPREVIOUS'], created: 2000 },
        { versionId: 'v1', stages: [], created: 1000 },
      ]);
      expect(described?.lastChanged).toBe(3000);
    });

    it('is idempotent for the same version id and value, and refuses the same id with another value', async () => {
      await store.createSecret({ name: 's', secretString: 'one', versionId: 'v1', now: 1000 });
      await store.putSecretValue({ name: 's', secretString: 'two', versionId: 'v2', now: 2000 });
      const again = await store.putSecretValue({ name: 's', secretString: 'two', versionId: 'v2', now: 3000 });
      expect(again).toEqual({ status: 'unchanged', version: { versionId: 'v2', stages: ['AWSCURRENT'], created: 2000 } });
      expect(await store.putSecretValue({ name: 's', secretString: 'other', versionId: 'v2', now: 4000 })).toEqual({ status: 'version-conflict' });
      expect(await store.putSecretValue({ name: 'missing', secretString: 'x', versionId: 'v1', now: 4000 })).toEqual({ status: 'no-secret' });
      // The refused writes changed nothing.
      expect((await store.getSecretValue('s', { versionStage: 'AWSPREVIOUS' }))?.versionId).toBe('v1');
    });

    it('puts a value under a custom label without touching AWSCURRENT', async () => {
      await store.createSecret({ name: 's', secretString: 'one', versionId: 'v1', now: 1000 });
      const put = await store.putSecretValue({ name: 's', secretString: 'next', versionId: 'v2', versionStages: ['AWSPENDING'], now: 2000 });
      expect(put).toMatchObject({ status: 'stored', version: { stages: ['AWSPENDING'] } });
      expect((await store.getSecretValue('s'))?.secretString).toBe('one');
      expect((await store.getSecretValue('s', { versionStage: 'AWSPENDING' }))?.secretString).toBe('next');
      // Asking for a version by id and a label it does not carry finds nothing.
      expect(await store.getSecretValue('s', { versionId: 'v1', versionStage: 'AWSPENDING' })).toBeUndefined();
    });

    it('moves and removes labels with UpdateSecretVersionStage rules', async () => {
      await store.createSecret({ name: 's', secretString: 'one', versionId: 'v1', now: 1000 });
      await store.putSecretValue({ name: 's', secretString: 'two', versionId: 'v2', versionStages: ['AWSPENDING'], now: 2000 });
      // Promote the pending version: AWSCURRENT moves, AWSPREVIOUS follows the old current.
      expect(await store.updateSecretVersionStage({ name: 's', stage: 'AWSCURRENT', moveToVersionId: 'v2', removeFromVersionId: 'v1', now: 3000 })).toBe(true);
      expect((await store.getSecretValue('s'))?.versionId).toBe('v2');
      expect((await store.getSecretValue('s', { versionStage: 'AWSPREVIOUS' }))?.versionId).toBe('v1');
      // Removing a label from a version that does not carry it, or AWSCURRENT without a move, is refused.
      expect(await store.updateSecretVersionStage({ name: 's', stage: 'AWSPENDING', removeFromVersionId: 'v1', now: 4000 })).toBe(false);
      expect(await store.updateSecretVersionStage({ name: 's', stage: 'AWSCURRENT', removeFromVersionId: 'v2', now: 4000 })).toBe(false);
      expect(await store.updateSecretVersionStage({ name: 's', stage: 'X', moveToVersionId: 'nope', now: 4000 })).toBe(false);
      expect(await store.updateSecretVersionStage({ name: 's', stage: 'AWSPENDING', removeFromVersionId: 'v2', now: 4000 })).toBe(true);
      expect(await store.getSecretValue('s', { versionStage: 'AWSPENDING' })).toBeUndefined();
    });

    it('lists secrets by name and deletes a secret with its versions', async () => {
      for (const name of ['c', 'a', 'b']) await store.createSecret({ name, secretString: name, versionId: `${name}1`, now: 1 });
      expect((await store.listSecrets({ limit: 2 })).map((s) => s.name)).toEqual(['a', 'b']);
      expect((await store.listSecrets({ afterName: 'b', limit: 2 })).map((s) => s.name)).toEqual(['c']);
      expect(await store.deleteSecret('a')).toBe(true);
      expect(await store.getSecretValue('a', { versionId: 'a1' })).toBeUndefined();
      expect(await store.describeSecret('a')).toBeUndefined();
      expect(await store.deleteSecret('a')).toBe(false);
      // A secret of the same name starts afresh.
      expect(await store.createSecret({ name: 'a', secretString: 'new', versionId: 'a1', now: 2 })).toBeDefined();
    });

    it('keeps labels consistent when writers race on one secret', async () => {
      await store.createSecret({ name: 's', secretString: 'v0', versionId: 'v0', now: 1 });
      const writers = Array.from({ length: 8 }, (_, i) => store.putSecretValue({ name: 's', secretString: `v${i + 1}`, versionId: `v${i + 1}`, now: 10 + i }));
      expect((await Promise.all(writers)).every((result) => result.status === 'stored')).toBe(true);
      const versions = (await store.describeSecret('s'))?.versions ?? [];
      // Whatever the order, exactly one version is current and one previous, and they differ.
      const current = versions.filter((v) => v.stages.includes('AWSCURRENT'));
      const previous = versions.filter((v) => v.stages.includes('AWSPREVIOUS'));
      expect(current).toHaveLength(1);
      expect(previous).toHaveLength(1);
      expect(current[0]?.versionId).not.toBe(previous[0]?.versionId);
      expect(versions).toHaveLength(9);
    });

    it('runs inside a caller transaction and rolls back with it', async () => {
      await store.createSecret({ name: 's', secretString: 'one', versionId: 'v1', now: 1 });
      await expect(
        store.transaction(async (tx) => {
          await tx.putSecretValue({ name: 's', secretString: 'two', versionId: 'v2', now: 2 });
          await tx.putParameter({ name: 'p', value: 'v', type: 'String', overwrite: false, now: 2 });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect((await store.getSecretValue('s'))?.versionId).toBe('v1');
      expect(await store.getParameter('p')).toBeUndefined();
    });
  });
});
