import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BuildUidPool } from '../../../../src/providers/shared/sandbox/build-uid-pool.js';
import { resolveServerConfig } from '../../../../src/server/config.js';

/** Build uids leased per running build, across every Pipewright process of the host (the lease directory). */
describe('BuildUidPool', () => {
  let leases: string;
  beforeEach(() => {
    leases = mkdtempSync(join(tmpdir(), 'pw-uid-leases-'));
  });
  afterEach(() => {
    rmSync(leases, { recursive: true, force: true });
  });

  it('never hands out a uid another pool on the host holds, and says what to do when all are taken', () => {
    const one = new BuildUidPool({ first: 3000, last: 3001 }, leases);
    const other = new BuildUidPool({ first: 3000, last: 3001 }, leases);
    const first = one.lease();
    const second = other.lease();
    expect(new Set([first, second])).toEqual(new Set([3000, 3001]));
    expect(readFileSync(join(leases, String(first)), 'utf8')).toBe(String(process.pid));
    expect(() => one.lease()).toThrow(
      'No free build user: all 2 uids of PIPEWRIGHT_BUILD_UIDS (3000-3001) are running builds on this host. Widen the range or run fewer builds at once (PIPEWRIGHT_WORKER_CONCURRENCY).',
    );
    one.release(first);
    expect(other.lease(first)).toBe(first);
  });

  it('takes over the lease of a process that is gone (its builds died with it)', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(leases, '3000'), gone);
    const pool = new BuildUidPool({ first: 3000, last: 3000 }, leases);
    expect(pool.lease()).toBe(3000);
    expect(readFileSync(join(leases, '3000'), 'utf8')).toBe(String(process.pid));
  });

  it('keeps away from the lease of a live process', () => {
    writeFileSync(join(leases, '3000'), '1');
    expect(new BuildUidPool({ first: 3000, last: 3001 }, leases).lease()).toBe(3001);
  });
});

describe('PIPEWRIGHT_BUILD_UIDS, read into ServerConfig', () => {
  const sandbox = (env: Record<string, string>) => resolveServerConfig({ dataDir: '/nonexistent' }, env).sandbox;

  it('is a range of uids, a thousand by default, never root', () => {
    expect(sandbox({}).uids).toEqual({ first: 2_000_000_000, last: 2_000_000_999 });
    expect(sandbox({ PIPEWRIGHT_BUILD_UIDS: '70000-70099' }).uids).toEqual({ first: 70000, last: 70099 });
    for (const bad of ['0-10', '20-10', 'nobody', '1-4294967295']) {
      expect(() => sandbox({ PIPEWRIGHT_BUILD_UIDS: bad })).toThrow(`PIPEWRIGHT_BUILD_UIDS must be a range of user ids first-last (not root), not "${bad}"`);
    }
    expect(() => sandbox({ PIPEWRIGHT_BUILD_UID: '65534' })).toThrow('PIPEWRIGHT_BUILD_UID is replaced by PIPEWRIGHT_BUILD_UIDS');
  });
});
