import { gitEnvironment, type GitContext } from './git-environment.js';
import { GitObjectReader } from './object-reader.js';

/**
 * Long-lived `git cat-file --batch` processes, per git directory, so a source after a new commit
 * starts no process: on this machine a process costs the server's thread 5–18 ms to fork, more than
 * reading a commit and its trees. A run leases a reader for a piece of work, alone (two runs never mix
 * their questions and answers in one process); a second run of the same repository meanwhile gets a
 * second reader, up to `maxReadersPerRepository`, then waits its turn.
 *
 * A reader handed back settled (every answer read whole) waits idle for the next lease, for
 * `idleMs`, then ends; one handed back unsettled (its user gave up halfway) or whose process died is
 * ended and forgotten, and the next lease starts a fresh one. A lease's AbortSignal kills its reader.
 * Idle readers do not keep Node running, and their git ends by itself when its stdin closes, so a
 * server that exits, even killed, leaves none behind; `closeObjectReaders` ends them at a clean stop.
 */
const maxReadersPerRepository = 4;
let idleMs = 30_000;

interface Repository {
  /** Readers waiting to be reused, the most recently used last. */
  idle: { reader: GitObjectReader; timer: NodeJS.Timeout }[];
  /** Every reader whose process runs, idle or leased. */
  live: Set<GitObjectReader>;
  /** Readers whose process the spawner is starting: they count against the limit already. */
  starting: number;
  /** Leases waiting for a reader to be handed back. */
  waiting: (() => void)[];
}

const repositories = new Map<string, Repository>();
/** Leased readers started before the last closeObjectReaders are ended when handed back. */
const closing = new Set<GitObjectReader>();

/** Runs `work` with a reader of `gitDir` of its own, started or reused. */
export async function withObjectReader<T>(context: GitContext, gitDir: string, signal: AbortSignal | undefined, work: (reader: GitObjectReader) => Promise<T>): Promise<T> {
  signal?.throwIfAborted();
  const repository = repositoryOf(gitDir);
  const reader = await lease(context, gitDir, repository);
  const abort = (): void => reader.kill();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    return await work(reader);
  } finally {
    signal?.removeEventListener('abort', abort);
    handBack(repository, reader);
  }
}

/** Ends every idle reader now and every leased one when handed back; resolves when the idle ones have ended. */
export async function closeObjectReaders(): Promise<void> {
  const ended: Promise<void>[] = [];
  for (const repository of repositories.values()) {
    for (const { reader, timer } of repository.idle.splice(0)) {
      clearTimeout(timer);
      reader.close();
      ended.push(reader.ended);
    }
    for (const reader of repository.live) closing.add(reader);
  }
  await Promise.all(ended);
}

/** How long a reader waits idle before it ends (tests shorten it). */
export function setObjectReaderIdleTime(ms: number): void {
  idleMs = ms;
}

function repositoryOf(gitDir: string): Repository {
  let repository = repositories.get(gitDir);
  if (repository === undefined) {
    repository = { idle: [], live: new Set(), starting: 0, waiting: [] };
    repositories.set(gitDir, repository);
  }
  return repository;
}

async function lease(context: GitContext, gitDir: string, repository: Repository): Promise<GitObjectReader> {
  for (;;) {
    const reused = repository.idle.pop();
    if (reused !== undefined) {
      clearTimeout(reused.timer);
      if (reused.reader.failed) {
        reused.reader.close();
        continue;
      }
      reused.reader.keepAlive(true);
      return reused.reader;
    }
    if (repository.live.size + repository.starting < maxReadersPerRepository) return start(context, gitDir, repository);
    await new Promise<void>((resolve) => repository.waiting.push(resolve));
  }
}

async function start(context: GitContext, gitDir: string, repository: Repository): Promise<GitObjectReader> {
  repository.starting += 1;
  let reader: GitObjectReader;
  try {
    // No credentials: reading objects never talks to a remote.
    reader = await GitObjectReader.start(gitEnvironment(context), gitDir);
  } catch (error) {
    repository.starting -= 1;
    forgetIfUnused(gitDir, repository);
    repository.waiting.shift()?.();
    throw error;
  }
  repository.starting -= 1;
  repository.live.add(reader);
  void reader.ended.then(() => {
    // Died while idle (or ended by us): forget it, so the next lease starts a fresh one.
    repository.live.delete(reader);
    closing.delete(reader);
    const at = repository.idle.findIndex((entry) => entry.reader === reader);
    if (at >= 0) clearTimeout(repository.idle.splice(at, 1)[0]?.timer);
    forgetIfUnused(gitDir, repository);
    repository.waiting.shift()?.();
  });
  return reader;
}

function forgetIfUnused(gitDir: string, repository: Repository): void {
  if (repository.live.size === 0 && repository.starting === 0 && repository.waiting.length === 0) repositories.delete(gitDir);
}

function handBack(repository: Repository, reader: GitObjectReader): void {
  if (!reader.settled || closing.has(reader)) {
    // Its `ended` forgets it and wakes a waiting lease.
    reader.close();
    return;
  }
  reader.keepAlive(false);
  const timer = setTimeout(() => reader.close(), idleMs);
  timer.unref();
  repository.idle.push({ reader, timer });
  repository.waiting.shift()?.();
}
