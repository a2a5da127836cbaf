import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionProviders } from '../../src/server/action-providers.js';
import type { LazyProvider } from '../../src/server/lazy-provider.js';

/**
 * Providers whose modules import AWS SDK clients or the build runner are loaded by their first job, not
 * at start (issue 20: the server's start to /healthz, 1.8 s, was mostly loading them). What each
 * declares before it is loaded must be what the loaded provider declares: the worker claims jobs, and
 * the engine decides reruns, by it.
 */
describe('providers loaded on first use', () => {
  it('declare, before loading, the action types, rerun rule and load of the provider they load', async () => {
    const lazy = actionProviders({}).filter((provider): provider is LazyProvider => 'loaded' in provider);
    expect(lazy.length).toBeGreaterThanOrEqual(10);
    for (const provider of lazy) {
      const loaded = await provider.loaded();
      expect({ actionTypes: provider.actionTypes, rerunnable: provider.rerunnable, load: provider.load }).toEqual({
        actionTypes: loaded.actionTypes,
        rerunnable: loaded.rerunnable,
        load: loaded.load,
      });
    }
  });

  it('leave the AWS SDK clients, pg and Fastify\u2019s schema compilers unloaded when a server starts on SQLite and the filesystem', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-lazy-'));
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/server/fixtures/modules-at-start.ts', dataDir], { encoding: 'utf8', env: { ...process.env, PIPEWRIGHT_DEMO: 'false' } });
      expect(run.status, run.stderr).toBe(0);
      const packages = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '[]') as string[];
      // The start did load CommonJS packages (the list is not empty by accident)…
      expect(packages).toContain('better-sqlite3');
      // …but no AWS SDK client, no PostgreSQL client, no schema compiler no route uses.
      expect(packages.filter((name) => name.startsWith('@aws-sdk/client-'))).toEqual([]);
      expect(packages.filter((name) => ['pg', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'].includes(name))).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
