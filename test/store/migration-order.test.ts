import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';

/**
 * Migrations 0007 (identity) and 0008 (parameter history) landed on different branches: a data
 * directory may have run 0008 before 0007 existed. Opening it must still run 0007 (Kysely's Migrator
 * with allowUnorderedMigrations), not refuse the store as "corrupted".
 */
describe('store migrations landed out of order', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('runs 0007-identity on a store that ran 0008 first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-migrations-'));
    dirs.push(dir);
    const path = join(dir, 'state.sqlite');
    await (await openStore({ kind: 'sqlite', path })).close();

    // The store as main left it: 0008 ran, 0007 and its tables never did.
    const raw = new Database(path);
    for (const table of ['iam_attached_policies', 'iam_inline_policies', 'iam_access_keys', 'iam_group_members', 'iam_groups', 'iam_users']) raw.exec(`DROP TABLE ${table}`);
    raw.prepare('DELETE FROM kysely_migration WHERE name = ?').run('0007-identity');
    expect((raw.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((row) => row.name)).toContain('0008-parameter-history');
    raw.close();

    const store = await openStore({ kind: 'sqlite', path });
    try {
      const alice = { name: 'alice', userId: 'AIDAALICE0000000000001', path: '/', created: 1000 };
      expect(await store.createIamUser(alice)).toEqual(alice);
    } finally {
      await store.close();
    }
  });
});
