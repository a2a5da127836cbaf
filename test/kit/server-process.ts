import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';

/**
 * A Pipewright server in a process of its own (the real CLI, from the sources), for tests that kill it:
 * SIGKILL in the middle of work, SIGTERM to drain. Resolves once the server logs that it is ready.
 */
export interface ServerProcess {
  url: string;
  client: CodePipelineClient;
  child: ChildProcess;
  logs: Record<string, unknown>[];
  /** What the process printed on stdout that is not a JSON log line (the demo's messages to the user). */
  printed: string[];
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The server's last log records, one line each: what a test that timed out prints to say why. */
export function lastLogs(server: Pick<ServerProcess, 'logs'>, count = 30): string {
  return server.logs
    .slice(-count)
    .map((record) => JSON.stringify(record))
    .join('\n');
}

/**
 * SIGTERM, then the exit, within `withinMs`. A server that does not stop in time is killed, and the test
 * fails saying so with the server's last log records (a hang at shutdown otherwise reads as a bare
 * test timeout).
 */
export async function stopServerProcess(server: ServerProcess, withinMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  server.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), withinMs);
  });
  const outcome = await Promise.race([server.exited, late]);
  clearTimeout(timer);
  if (outcome !== 'late') return outcome;
  server.child.kill('SIGKILL');
  throw new Error(`the server did not stop within ${withinMs} ms of SIGTERM; its last log records:\n${lastLogs(server)}`);
}

export async function startServerProcess(dataDir: string, env: NodeJS.ProcessEnv = {}, options: { demo?: boolean; port?: number } = {}): Promise<ServerProcess> {
  // Tests start on empty data dirs: without --no-demo the server command would seed the quickstart demo.
  const demoFlag = options.demo === true ? [] : ['--no-demo'];
  // A port of its own when a restarted server must answer where its clients (a remote worker) know it.
  const port = String(options.port ?? 0);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'server', '--host', '127.0.0.1', '--port', port, '--data-dir', dataDir, ...demoFlag], {
    cwd: process.cwd(),
    env: { ...process.env, PIPEWRIGHT_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Record<string, unknown>[] = [];
  const printed: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`the server process did not become ready in 30 s; its last log records:\n${lastLogs({ logs })}`)), 30_000);
    lines.on('line', (line) => {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        printed.push(line);
        return;
      }
      logs.push(record);
      if (record.msg === 'pipewright is ready' && typeof record.url === 'string') {
        clearTimeout(timer);
        resolve(record.url);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server process ended before it was ready (code ${code}, signal ${signal})`));
    });
  });
  const client = new CodePipelineClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDCRASHTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
  return { url, client, child, logs, printed, exited };
}
