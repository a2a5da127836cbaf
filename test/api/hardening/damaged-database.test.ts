import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../../../src/server/config.js';
import { startServer } from '../../../src/server/start-server.js';

/** Runs `pipewright server` (the real CLI, from the sources) and waits for it to exit. */
function runServer(dataDir: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'server', '--host', '127.0.0.1', '--port', '0', '--no-demo', '--data-dir', dataDir], {
    cwd: process.cwd(),
    env: { ...process.env, PIPEWRIGHT_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

/**
 * The SQLite file is checked when the server starts (PRAGMA quick_check): a damaged one stops the
 * server at once with a message naming the file and what to do, instead of failing in the middle of work.
 */
describe('a damaged SQLite store', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-damaged-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops the server with a message naming the file and what to do', { timeout: 60_000 }, async () => {
    // A real store, migrated and closed (its WAL checkpointed into the file).
    const config = resolveServerConfig({ host: '127.0.0.1', port: 0, dataDir }, {});
    const server = await startServer(config, { logger: pino({ level: 'silent' }) });
    await server.close();
    const file = join(dataDir, 'pipewright.db');
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(8 * 4096);
    // A disk's bad sectors: garbage over the pages after the first two (b-tree pages of the schema's tables).
    const descriptor = openSync(file, 'r+');
    writeSync(descriptor, Buffer.alloc(size - 3 * 4096, 0xa5), 0, size - 3 * 4096, 2 * 4096);
    closeSync(descriptor);

    const { code, stderr } = await runServer(dataDir);
    expect(code).toBe(1);
    expect(stderr).toContain(`The SQLite store ${file} is damaged`);
    expect(stderr).toContain('.recover');
    expect(stderr).toContain('restore it from a backup');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
