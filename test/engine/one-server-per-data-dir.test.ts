import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../kit/server-process.js';
import { startTestServer } from '../kit/test-server.js';

/**
 * A data directory (its SQLite database, artifacts, workspaces) serves one server: a second server on it
 * would clear the first one's workspaces and kill its builds at start, so it is refused, saying why and
 * what to do instead. Once the first has stopped, a server starts on it again.
 */
describe('one server per data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-one-server-'));
  let first: ServerProcess | undefined;
  afterAll(() => {
    if (first?.child.exitCode === null) first.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second server while the first runs, and starts once it has stopped', async () => {
    first = await startServerProcess(dataDir);
    await expect(startTestServer({ dataDir })).rejects.toThrow(
      new RegExp(`Another Pipewright server \\(process ${first.child.pid}\\) is running on the data directory .*keep state in PostgreSQL`),
    );
    await stopServerProcess(first);
    const second = await startTestServer({ dataDir });
    await second.close();
  });
});
