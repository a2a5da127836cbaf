import { openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One server per data directory: its SQLite file, artifacts, workspaces and build processes are that
 * server's alone (a second one would clear the first's workspaces at start). The lock is a file naming
 * the process that holds it; a file whose process is gone (a server killed with SIGKILL) is taken over.
 * A process of the same number is this one (a restart as PID 1 in a container): taken over too.
 */
export function lockDataDir(dataDir: string, instanceId: string): { release(): void } {
  const path = join(dataDir, 'server.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, JSON.stringify({ pid: process.pid, instance: instanceId }));
      closeSync(fd);
      return {
        release: () => {
          if (holder(path)?.instance === instanceId) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = holder(path);
      if (held !== undefined && held.pid !== process.pid && isRunning(held.pid)) {
        throw new Error(
          `Another Pipewright server (process ${held.pid}) is running on the data directory ${dataDir}. ` +
            'A data directory (its SQLite database, artifacts and workspaces) serves one server only; ' +
            'to run replicas, give each its own --data-dir, keep state in PostgreSQL (--database-url) and artifacts in an S3-compatible store (PIPEWRIGHT_S3_BUCKET).',
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${path}: another server is starting on the same data directory.`);
}

function holder(path: string): { pid: number; instance: string } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { pid: number; instance: string };
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
