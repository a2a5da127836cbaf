import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnDirectly, type SpawnedProcess, type SpawnOptions } from './spawned-process.js';
import { SpawnerConnection } from './spawner-connection.js';

/**
 * Every build, Commands, git and function process of this Node process is started by its process
 * spawner: a small long-lived child (spawner-process.ts) that forks itself in our place. Starting a
 * process from Node is a fork() of the whole process, and on this kind of VM a fork blocks the calling
 * thread for as long as copying the page tables takes: ~4.5 ms at 47 MB, 11 ms at 150 MB, 18 ms at
 * 360 MB, i.e. most of the server's event loop at 100 executions in flight. The spawner is ~45 MB and
 * forks on its own thread; the server only sends a message and receives the child's pipes as handles
 * (docs/decisions/process-spawner.md).
 *
 * One spawner per process, started at the first spawn (servers and workers warm it once they serve),
 * started again at the next spawn when it died. When none can start, processes are started directly
 * as before, said once in the log.
 */
export function spawnProcess(options: SpawnOptions): Promise<SpawnedProcess> {
  if (current?.alive === true) return current.spawn(options);
  return runningSpawner().then((spawner) => (spawner !== undefined ? spawner.spawn(options) : spawnDirectly(options)));
}

/** Starts the spawner ahead of the first process (at a server's or worker's start). */
export function warmProcessSpawner(): void {
  void runningSpawner();
}

/** The running spawner's pid, started if need be; undefined when processes start directly (for tests). */
export async function processSpawnerPid(): Promise<number | undefined> {
  return (await runningSpawner())?.pid;
}

let current: SpawnerConnection | undefined;
let starting: Promise<SpawnerConnection | undefined> | undefined;
let unavailable = false;

function runningSpawner(): Promise<SpawnerConnection | undefined> {
  if (current?.alive === true) return Promise.resolve(current);
  if (unavailable) return Promise.resolve(undefined);
  starting ??= startSpawner()
    .then(
      (spawner) => (current = spawner),
      (error: unknown) => {
        unavailable = true;
        process.emitWarning(`Pipewright starts processes directly from this process: its process spawner could not start (${(error as Error).message}). Each start forks this whole process.`, {
          code: 'PIPEWRIGHT_NO_SPAWNER',
        });
        return undefined;
      },
    )
    .finally(() => (starting = undefined));
  return starting;
}

async function startSpawner(): Promise<SpawnerConnection> {
  const entry = await spawnerEntry();
  const env = { ...process.env };
  // Nothing of the server's Node options (a loader would double the spawner's size, and its forks' cost).
  delete env.NODE_OPTIONS;
  const child: ChildProcess = fork(entry, [], { execArgv: [], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
  return SpawnerConnection.ready(child);
}

/**
 * The spawner's module. Built (dist/), it is its own bundle entry beside this file's place (scripts/bundle.ts).
 * From the sources (tsx, vitest, the benchmarks) Node 20 cannot run the TypeScript file, and tsx's
 * loader would double the spawner's memory: esbuild bundles it (with start-child.ts) once, into a file named
 * by its content.
 */
async function spawnerEntry(): Promise<string> {
  if (import.meta.url.endsWith('.js')) return fileURLToPath(new URL('./spawner-process.js', import.meta.url));
  const { build } = await import('esbuild');
  const bundled = await build({ entryPoints: [fileURLToPath(new URL('./spawner-process.ts', import.meta.url))], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent' });
  const code = bundled.outputFiles[0]!.text;
  const file = join(tmpdir(), `pipewright-spawner-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  // Written aside then renamed: other processes (test files in parallel) may be starting it at the same time.
  const partial = `${file}.${process.pid}`;
  await writeFile(partial, code);
  await rename(partial, file);
  return file;
}
