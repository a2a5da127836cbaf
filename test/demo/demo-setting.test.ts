import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../../src/server/config.js';
import { dataDirIsNew } from '../../src/server/demo/quickstart-demo.js';

describe('the demo setting', () => {
  it('is on by default, off with PIPEWRIGHT_DEMO=false, and the flag wins over the environment', () => {
    expect(resolveServerConfig({}, {}).demo).toBe(true);
    expect(resolveServerConfig({}, { PIPEWRIGHT_DEMO: 'false' }).demo).toBe(false);
    expect(resolveServerConfig({}, { PIPEWRIGHT_DEMO: '0' }).demo).toBe(false);
    expect(resolveServerConfig({ demo: false }, { PIPEWRIGHT_DEMO: 'true' }).demo).toBe(false);
    expect(resolveServerConfig({ demo: true }, { PIPEWRIGHT_DEMO: 'false' }).demo).toBe(true);
    expect(() => resolveServerConfig({}, { PIPEWRIGHT_DEMO: 'maybe' })).toThrow(/PIPEWRIGHT_DEMO must be true or false; got maybe/);
  });
});

describe('a new data directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'pipewright-demo-dir-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is one without a SQLite store and without hosted repositories', async () => {
    expect(await dataDirIsNew({ dataDir: join(root, 'absent') })).toBe(true);

    const withStore = join(root, 'with-store');
    mkdirSync(withStore);
    writeFileSync(join(withStore, 'pipewright.db'), '');
    expect(await dataDirIsNew({ dataDir: withStore })).toBe(false);
    // With PostgreSQL the store is elsewhere: the pipelines in it decide, once the server runs.
    expect(await dataDirIsNew({ dataDir: withStore, databaseUrl: 'postgres://localhost/pipewright' })).toBe(true);

    const withRepository = join(root, 'with-repository');
    mkdirSync(join(withRepository, 'repos', 'app', 'objects'), { recursive: true });
    mkdirSync(join(withRepository, 'repos', 'app', 'refs'));
    writeFileSync(join(withRepository, 'repos', 'app', 'HEAD'), 'ref: refs/heads/main\n');
    expect(await dataDirIsNew({ dataDir: withRepository })).toBe(false);
  });
});
