import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/**
 * `pipewright worker` in a process of its own (the real CLI, from the sources), for tests that run
 * jobs on it and kill it. Resolves once the worker logs that it is ready; `logs` keeps its log records.
 */
export interface WorkerProcess {
  child: ChildProcess;
  logs: Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first log record `match` accepts (already logged, or to come). */
  logged(match: (record: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

export async function startWorkerProcess(endpoint: string, dataDir: string, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker', '--endpoint-url', endpoint, '--data-dir', dataDir, ...args], {
    cwd: process.cwd(),
    env: { ...process.env, PIPEWRIGHT_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters = new Set<(record: Record<string, unknown>) => void>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    logs.push(record);
    for (const waiter of waiters) waiter(record);
  });
  const logged = (match: (record: Record<string, unknown>) => boolean, what: string, timeoutMs = 60_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const found = logs.find(match);
      if (found !== undefined) return resolve(found);
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`the worker did not log ${what} within ${timeoutMs} ms; its last records:\n${logs.slice(-20).map((r) => JSON.stringify(r)).join('\n')}`));
      }, timeoutMs);
      const waiter = (record: Record<string, unknown>) => {
        if (!match(record)) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(record);
      };
      waiters.add(waiter);
      void exited.then(({ code, signal }) => {
        if (!waiters.has(waiter)) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        reject(new Error(`the worker ended (code ${code}, signal ${signal}) before it logged ${what}`));
      });
    });
  const worker: WorkerProcess = { child, logs, exited, logged };
  await logged((record) => record.msg === 'pipewright worker is ready', 'that it is ready');
  return worker;
}

/** A loopback port free now: for a server that must come back on the same port after a restart. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}
