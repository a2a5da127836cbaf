import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gitContext, type GitContext } from '../../src/providers/git/git-environment.js';
import type { GitObjectReader } from '../../src/providers/git/object-reader.js';
import { closeObjectReaders, setObjectReaderIdleTime, withObjectReader } from '../../src/providers/git/object-reader-pool.js';
import { resolveCommitObject } from '../../src/providers/git/read-commit-object.js';
import { processSpawnerPid } from '../../src/providers/shared/spawner/process-spawner.js';
import { listCommitTree } from '../../src/providers/git/tree-listing.js';
import { catFilePids, commitFiles, git, initRepository, removeDir, tempDir } from './git-kit.js';

/**
 * The long-lived `git cat-file --batch` of a repository: reused from lease to lease, seeing what pushes,
 * packing and ref updates write after it started, ended when idle, dead, given up or closed. Real git
 * processes, found in /proc by their command line.
 */
describe('the object reader pool', () => {
  let work: string;
  let context: GitContext;
  let hosted: string;
  let repo: string;

  beforeAll(async () => {
    work = tempDir('object-reader-pool');
    context = gitContext(join(work, 'data'));
    hosted = join(work, 'hosted.git');
    await git(work, ['init', '--quiet', '--bare', '--initial-branch=main', hosted]);
    repo = await initRepository(join(work, 'repo'));
    // A blob larger than the pipe and the stream buffers: an answer of it can be left halfway.
    await commitFiles(repo, { 'readme.md': '# pool\n', 'big.bin': randomBytes(2 * 1024 * 1024).toString('base64') }, 'first');
    await git(repo, ['push', '--quiet', hosted, 'main']);
  });
  afterEach(() => {
    setObjectReaderIdleTime(30_000);
  });
  afterAll(async () => {
    await closeObjectReaders();
    removeDir(work);
  });

  const leased = <T>(work: (reader: GitObjectReader) => Promise<T>, signal?: AbortSignal): Promise<T> => withObjectReader(context, hosted, signal, work);
  const pidOf = (): Promise<number | undefined> => leased((reader) => Promise.resolve(reader.pid));
  const headOf = (ref = 'refs/heads/main'): Promise<string | undefined> => leased((reader) => resolveCommitObject(reader, ref));

  it('reuses one process from lease to lease, and starts a second only while the first is leased', async () => {
    const first = await pidOf();
    expect(first).toBeGreaterThan(0);
    expect(await pidOf()).toBe(first);
    expect(catFilePids(hosted)).toEqual([first]);
    let release = (): void => undefined;
    const holding = leased((reader) => new Promise<number | undefined>((resolve) => (release = () => resolve(reader.pid))));
    const second = await pidOf();
    release();
    expect(await holding).toBe(first);
    expect(second).not.toBe(first);
    expect(catFilePids(hosted).sort()).toEqual([first, second].sort());
  });

  it('starts its git through the process spawner, never as a fork of this process', async () => {
    const pid = await pidOf();
    const spawner = await processSpawnerPid();
    expect(spawner).toBeGreaterThan(0);
    // /proc/<pid>/stat: `pid (comm) state ppid …`; the command may hold spaces, never a ')'.
    const parent = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
    expect(parent).toBe(spawner);
    expect(parent).not.toBe(process.pid);
  });

  it('sees every push, new branch, deleted branch, packed ref and repack made after it started, while reading', async () => {
    const pid = await pidOf();
    const seen: string[] = [];
    let previous = await git(repo, ['rev-parse', 'HEAD']);
    for (let round = 0; round < 16; round++) {
      // Loose objects one round, a kept pack the next (receive-pack's choice follows unpackLimit).
      await git(hosted, ['config', 'receive.unpackLimit', round % 2 === 0 ? '100' : '1']);
      const content = `round ${round}\n`;
      const commit = await commitFiles(repo, { [`dir-${round % 3}/file-${round}.txt`]: content }, `round ${round}`);
      let pushed = false;
      const push = git(repo, ['push', '--quiet', hosted, 'main', `main:refs/heads/round-${round}`]).then(() => (pushed = true));
      // Read while git receives: every answer is the commit before the push or the one pushed.
      while (!pushed) {
        const head = await headOf();
        expect([previous, commit]).toContain(head);
        seen.push(head ?? '');
      }
      await push;
      expect(await headOf()).toBe(commit);
      expect(await headOf(`refs/heads/round-${round}`)).toBe(commit);
      const blob = await leased(async (reader) => {
        const file = (await listCommitTree(reader, commit)).find((entry) => entry.path === `dir-${round % 3}/file-${round}.txt`);
        if (file?.type !== 'file') throw new Error('the new file is not in the tree read');
        return (await reader.readWhole(file.blobId, 'blob')).content.toString('utf8');
      });
      expect(blob).toBe(content);
      if (round % 4 === 3) {
        // Refs move into packed-refs, then one packed branch is deleted (packed-refs rewritten).
        await git(hosted, ['pack-refs', '--all']);
        await git(hosted, ['update-ref', '-d', `refs/heads/round-${round - 1}`]);
        expect(await headOf(`refs/heads/round-${round - 1}`)).toBeUndefined();
        expect(await headOf(`refs/heads/round-${round}`)).toBe(commit);
      }
      if (round % 6 === 5) {
        // Every object moves into one new pack; the packs the reader knew are deleted.
        await git(hosted, ['repack', '-a', '-d', '--quiet']);
        await git(hosted, ['prune-packed']);
        expect(await leased(async (reader) => (await reader.readWhole(`${commit}:dir-${round % 3}/file-${round}.txt`, 'blob')).content.toString('utf8'))).toBe(content);
      }
      previous = commit;
    }
    expect(seen.length).toBeGreaterThan(16);
    // All of it through the process that was running before the first push.
    expect(await pidOf()).toBe(pid);
  });

  it('starts a new process after its process died', async () => {
    const pid = await pidOf();
    await leased(async (reader) => {
      process.kill(reader.pid ?? 0, 'SIGKILL');
      await reader.ended;
    });
    const next = await pidOf();
    expect(next).not.toBe(pid);
    expect(await headOf()).toBe(await git(repo, ['rev-parse', 'HEAD']));
  });

  it('ends a reader handed back halfway, and the reader of an aborted lease', async () => {
    let halfway: GitObjectReader | undefined;
    await leased(async (reader) => {
      halfway = reader;
      // An answer asked for and never read to its end: git waits on it, paused.
      await reader.read('refs/heads/main:big.bin');
    });
    await halfway?.ended;
    expect(catFilePids(hosted)).not.toContain(halfway?.pid);

    const abort = new AbortController();
    let aborted: GitObjectReader | undefined;
    const reading = leased(async (reader) => {
      aborted = reader;
      abort.abort();
      return reader.readWhole('refs/heads/main^{tree}', 'tree');
    }, abort.signal);
    await expect(reading).rejects.toThrow();
    await aborted?.ended;
    expect(await headOf()).toBe(await git(repo, ['rev-parse', 'HEAD']));
  });

  it('ends a reader left idle, and every idle one at close', async () => {
    setObjectReaderIdleTime(50);
    let idle: GitObjectReader | undefined;
    await leased((reader) => Promise.resolve((idle = reader)));
    await idle?.ended;
    expect(catFilePids(hosted)).toEqual([]);

    setObjectReaderIdleTime(30_000);
    let release = (): void => undefined;
    const holding = leased(() => new Promise<void>((resolve) => (release = resolve)));
    const other = await pidOf();
    expect(catFilePids(hosted)).toHaveLength(2);
    release();
    await holding;
    await closeObjectReaders();
    expect(catFilePids(hosted)).toEqual([]);
    expect(other).toBeGreaterThan(0);
  });

  it('lets Node exit while a reader waits idle, and its git ends with it', async () => {
    const script = [
      `import { gitContext } from './src/providers/git/git-environment.ts';`,
      `import { withObjectReader } from './src/providers/git/object-reader-pool.ts';`,
      `const pid = await withObjectReader(gitContext(${JSON.stringify(join(work, 'child-data'))}), ${JSON.stringify(hosted)}, undefined, async (reader) => reader.pid);`,
      `console.log(pid);`,
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 30_000 });
    const pid = Number(stdout.trim());
    expect(pid).toBeGreaterThan(0);
    await eventuallyGone(pid);
  });
});

async function eventuallyGone(pid: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (Date.now() > deadline) throw new Error(`process ${pid} is still running`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
