import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Empty folders kept made ahead, per work root: enough for a burst of jobs starting together. */
const sparesKept = 16;
/** Where they wait, inside the work root (cleared with it when a server starts). */
const sparesFolder = '.spare';

/**
 * Job workspaces (`<work-root>/<job>`), made and removed off the serving thread where the disk makes it
 * costly. On this machine's ext4, making a folder costs an inode (0.1–0.7 ms, measured: the kernel looks
 * for a recently freed one, on the thread that asks), and renaming one 0.01–0.03 ms: a workspace is a
 * folder made ahead by the thread pool and renamed into place. Removing a tree with fs/promises is a
 * round trip to the thread pool and a callback on the serving thread per entry and step (lstat, readdir,
 * unlink, rmdir): a workspace is removed by `rmSync` on a thread of its own, one message each way.
 */
export class Workspaces {
  private readonly spares: string[] = [];
  /** The spares being made now, if any. */
  private refilling: Promise<void> | undefined;

  constructor(private readonly root: string) {}

  /** Makes `path` (inside the work root) an empty folder, now: a spare renamed there, or one made here. */
  make(path: string): void {
    const spare = this.spares.pop();
    this.refill();
    if (spare !== undefined) {
      try {
        renameSync(spare, path);
        return;
      } catch {
        // The spare is gone (the work root was cleared since): make the folder as without one.
      }
    }
    mkdirSync(path, { recursive: true });
  }

  /** Removes a workspace and all in it. */
  remove(path: string): Promise<void> {
    return remover().remove(path);
  }

  /** Resolves once no spare is being made (a caller about to remove the work root waits for this). */
  async idle(): Promise<void> {
    await this.refilling;
  }

  private refill(): void {
    if (this.refilling !== undefined) return;
    const folder = join(this.root, sparesFolder);
    this.refilling = (async () => {
      await mkdir(folder, { recursive: true });
      while (this.spares.length < sparesKept) {
        const spare = join(folder, randomUUID());
        await mkdir(spare);
        this.spares.push(spare);
      }
    })()
      // Spares are a saving, never needed: a failure to make them leaves `make` making its folders itself.
      .catch(() => undefined)
      .finally(() => {
        this.refilling = undefined;
      });
  }
}

const byRoot = new Map<string, Workspaces>();

/** The workspaces of a work root: one set of spares per root, whoever prepares its jobs. */
export function workspacesOf(root: string): Workspaces {
  let workspaces = byRoot.get(root);
  if (workspaces === undefined) {
    workspaces = new Workspaces(root);
    byRoot.set(root, workspaces);
  }
  return workspaces;
}

/**
 * The removing thread's code: plain JavaScript, run with `eval` (a worker thread gets no TypeScript
 * loader under tsx on Node 20). It runs 10 steps of nice below the thread that started it, as the SQLite
 * writer does: a removal is never urgent, requests are.
 */
const removerSource = `
const { parentPort } = require('node:worker_threads');
const { rmSync } = require('node:fs');
const { getPriority, setPriority } = require('node:os');
try { setPriority(0, Math.min(19, getPriority(0) + 10)); } catch {}
parentPort.on('message', ({ id, path }) => {
  try {
    rmSync(path, { recursive: true, force: true, maxRetries: 2 });
    parentPort.postMessage({ id });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

interface Removal {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** One thread removes trees for the whole process; it holds the process open only while a removal is pending. */
class Remover {
  private readonly thread = new Worker(removerSource, { eval: true });
  private readonly pending = new Map<number, Removal>();
  private next = 0;

  constructor() {
    this.thread.unref();
    this.thread.on('message', ({ id, error }: { id: number; error?: string }) => {
      const removal = this.pending.get(id);
      this.pending.delete(id);
      if (this.pending.size === 0) this.thread.unref();
      if (error === undefined) removal?.resolve();
      else removal?.reject(new Error(`Cannot remove the workspace: ${error}`));
    });
    this.thread.on('error', (error) => this.failAll(error));
    this.thread.on('exit', () => this.failAll(new Error('The workspace remover stopped')));
  }

  remove(path: string): Promise<void> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.thread.ref();
      this.thread.postMessage({ id, path });
    });
  }

  private failAll(error: Error): void {
    if (current === this) current = undefined;
    for (const removal of this.pending.values()) removal.reject(error);
    this.pending.clear();
  }
}

let current: Remover | undefined;

function remover(): Remover {
  current ??= new Remover();
  return current;
}
