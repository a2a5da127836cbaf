import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';

const tables = (path: string): string[] => {
  const raw = new Database(path, { readonly: true });
  try {
    return (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((row) => row.name);
  } finally {
    raw.close();
  }
};

/**
 * A store whose migrations all ran opens with one read of the migration table: Kysely's Migrator (which
 * makes its lock table if it is missing) runs only when a migration is left (docs/decisions/cli-startup.md).
 */
describe('opening a store whose schema is current', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('does not run the migrator, and runs it again when a migration is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-current-schema-'));
    dirs.push(dir);
    const path = join(dir, 'state.sqlite');
    await (await openStore({ kind: 'sqlite', path })).close();
    expect(tables(path)).toContain('kysely_migration_lock');

    const raw = new Database(path);
    raw.exec('DROP TABLE kysely_migration_lock');
    raw.close();
    await (await openStore({ kind: 'sqlite', path })).close();
    expect(tables(path)).not.toContain('kysely_migration_lock');

    // A migration left to run: the migrator runs (and makes its lock table again).
    const partial = new Database(path);
    partial.prepare('DELETE FROM kysely_migration WHERE name = ?').run('0009-iam-roles');
    for (const table of tables(path).filter((name) => name.startsWith('iam_role'))) partial.exec(`DROP TABLE ${table}`);
    partial.close();
    const store = await openStore({ kind: 'sqlite', path });
    await store.close();
    expect(tables(path)).toContain('kysely_migration_lock');
    expect(tables(path).some((name) => name.startsWith('iam_role'))).toBe(true);
  });
});
